// How the browser reaches the OP's end_session_endpoint (RP-Initiated Logout 1.0): a GET redirect,
// a form POST (the spec allows both; POST keeps the ID Token out of URLs and server logs), or
// the GET in a popup while the app page stays.
import { OidcSessionError } from '../errors';
import { handleSignOutCallback, POPUP_RETURN } from '../sign-out-callback';
import type { KeyValueStorage, SignOutCallbackResult } from '../types';

/** The end-session request as a URL (for `redirect` and `popup`). */
export function endSessionUrl(endpoint: string, params: Record<string, string>): string {
  const url = new URL(endpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/** Send the browser to `endpoint` with `params` as an `application/x-www-form-urlencoded` POST. */
export function postForm(doc: Document, endpoint: string, params: Record<string, string>): void {
  const form = doc.createElement('form');
  form.method = 'post';
  form.action = endpoint;
  form.style.display = 'none';
  for (const [name, value] of Object.entries(params)) {
    const input = doc.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  doc.body.appendChild(form);
  form.submit();
}

/** How often a sign-out popup is looked at: it may be closed by the user at any time. */
const CLOSED_CHECK_MS = 250;

/**
 * Wait for the sign-out popup to come back to the app: its return page relays its URL (see
 * {@link handleSignOutCallback}) and this tab checks the `state` against its own storage. Rejects
 * when the popup is closed before it returns, or after `timeout` (the popup is closed then).
 */
export function awaitPopupReturn(
  win: Window,
  popup: Window,
  storage: KeyValueStorage,
  timeout: number,
): Promise<SignOutCallbackResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let timer = 0;
    const finish = (outcome: Promise<SignOutCallbackResult>) => {
      win.removeEventListener('message', onMessage);
      win.clearTimeout(timer);
      try {
        popup.close();
      } catch {
        // already gone
      }
      outcome.then(resolve, reject);
    };
    // Only the popup we opened, from our own origin, with exactly the relay's shape.
    const onMessage = (e: MessageEvent) => {
      if (e.source !== popup || e.origin !== win.location.origin) return;
      const data = e.data as { type?: unknown; url?: unknown } | null;
      if (!data || data.type !== POPUP_RETURN || typeof data.url !== 'string') return;
      if (data.url.length > 4096 || !data.url.startsWith(win.location.origin + '/')) return;
      finish(handleSignOutCallback(data.url, storage));
    };
    const watch = () => {
      if (popup.closed) {
        return finish(
          Promise.reject(
            new OidcSessionError(
              'signout-popup-closed',
              'The sign-out popup was closed before the OP sent it back; the local user is signed out, the OP session may remain.',
            ),
          ),
        );
      }
      if (Date.now() - started >= timeout) {
        return finish(
          Promise.reject(
            new OidcSessionError(
              'signout-popup-timeout',
              `The sign-out popup did not come back within ${timeout} ms; it was closed.`,
            ),
          ),
        );
      }
      timer = win.setTimeout(watch, CLOSED_CHECK_MS);
    };
    win.addEventListener('message', onMessage);
    timer = win.setTimeout(watch, CLOSED_CHECK_MS);
  });
}
