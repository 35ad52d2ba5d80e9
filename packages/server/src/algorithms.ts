// Which signature algorithms the OP's tokens may use: the one guard both endpoints apply.

/** Accepted by default: the asymmetric algorithms OPs sign with. */
export const DEFAULT_LOGOUT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/**
 * The list to verify with; throws at creation on `none` (verifies nothing) and `HS*` (a public
 * JWKS must never verify an HMAC: key confusion).
 */
export function checkedAlgorithms(
  algorithms: readonly string[] | undefined,
  who: string,
): string[] {
  const list = [...(algorithms ?? DEFAULT_LOGOUT_ALGORITHMS)];
  if (list.length === 0) throw new TypeError(`${who}: algorithms must not be empty`);
  for (const alg of list) {
    if (alg.toLowerCase() === 'none' || /^HS/i.test(alg)) {
      throw new TypeError(`${who}: algorithm ${alg} is not allowed`);
    }
  }
  return list;
}
