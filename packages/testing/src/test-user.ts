import type { SessionUser } from '@oidc-session/core';

/**
 * A `SessionUser` as core reports it, for tests: `sub`, a `sid` derived from it, `name`, `email`
 * and `profile` holding every claim. Pass `claims` to override or add ID Token claims.
 *
 * @example testUser('alice') // { sub: 'alice', sid: 'sid-alice', name: 'alice', email: 'alice@example.com', ... }
 * @example testUser('bob', { name: 'Bob B.', sid: undefined }) // an OP that issues no `sid`
 */
export function testUser(sub: string, claims: Readonly<Record<string, unknown>> = {}): SessionUser {
  if (typeof sub !== 'string' || sub === '') {
    throw new TypeError('testUser(sub): sub must be a non-empty string.');
  }
  const profile = { sub, sid: `sid-${sub}`, name: sub, email: `${sub}@example.com`, ...claims };
  return Object.freeze({
    sub,
    sid: typeof profile.sid === 'string' ? profile.sid : undefined,
    name: typeof profile.name === 'string' ? profile.name : undefined,
    email: typeof profile.email === 'string' ? profile.email : undefined,
    profile: Object.freeze(profile),
  });
}
