// Whether the app and the OP are on the same site (same scheme and registrable domain; ports do
// not count), the line browsers draw when they block or partition third-party cookies. Same-site,
// the OP iframe's cookie is first-party, so a failing iframe is the OP's fault, not the browser's.

/**
 * `accepts(domain)` says whether the app's page may set a cookie for `domain`. Browsers refuse
 * public suffixes (`com`, `co.uk`, `github.io`) and domains the page's host is not within, so a
 * suffix of the OP's host that is accepted is a registrable domain both hosts share: this reads
 * the browser's own public suffix list instead of shipping one.
 */
export function isSameSite(
  appOrigin: string,
  opOrigin: string,
  accepts: (domain: string) => boolean,
): boolean {
  const app = new URL(appOrigin);
  const op = new URL(opOrigin);
  const labels = op.hostname.split('.');
  return (
    app.protocol === op.protocol &&
    (app.hostname === op.hostname || labels.some((_, i) => accepts(labels.slice(i).join('.'))))
  );
}

/** The browser's answer for {@link isSameSite}: set and delete a throwaway cookie on `domain`. */
export function cookieDomainAccepted(doc: Document, domain: string): boolean {
  const cookie = `oidc-session-site=${domain};domain=${domain};path=/`;
  try {
    doc.cookie = cookie;
    const set = doc.cookie.includes(`oidc-session-site=${domain}`);
    doc.cookie = cookie + ';max-age=0';
    return set;
  } catch {
    return false; // sandboxed or cookies off: cannot tell, so do not claim same-site
  }
}
