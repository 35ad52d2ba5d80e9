// The `nonce` of each authorization request this library starts. oidc-client-ts 3.x sends one
// only when the caller passes `nonce` (no setting does it), stores it with the request's state
// and rejects an ID Token that does not echo it. Some OPs refuse a code request without it
// (Glewlwyd 2.7: `invalid_request`), the silent `prompt=none` re-check included.

/**
 * 128 random bits as hex: a fresh, unguessable nonce for one authorization request, and the ids
 * this library makes up (tab ids, the sign-out `state`).
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    (b + 256).toString(16).slice(1),
  ).join('');
}
