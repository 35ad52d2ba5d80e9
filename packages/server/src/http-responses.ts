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

/** Seconds a client should wait after a 503: also how long a failed key fetch is not retried. */
export const RETRY_AFTER_SECONDS = 5;

/** Our side failed (keys, store, hook), not the request: 503 with `Retry-After`, so it is retried. */
export function unavailableResponse(
  description = 'temporarily unavailable, retry later',
): Response {
  return errorResponse(503, 'temporarily_unavailable', description, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
}
