// How the browser reaches the OP's end_session_endpoint (RP-Initiated Logout 1.0): a GET redirect,
// a form POST (the spec allows both; POST keeps the ID Token out of URLs and server logs), or
// the GET in a popup while the app page stays (that part is opt-in: sign-out-popup.ts).

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
