/** Every answer of these endpoints: never cached, by the browser or by anything in between. */
export function noStoreHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...extra });
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: noStoreHeaders({ 'Content-Type': 'application/json', ...headers }),
  });
}

/** The OAuth-style error body: a short description we wrote ourselves, never an exception's text. */
export function errorResponse(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error, error_description: description }, headers);
}
