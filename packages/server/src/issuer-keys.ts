// The OP's signing keys: from its discovery document's `jwks_uri` unless the app names them.
import { createRemoteJWKSet, type JWTVerifyGetKey, type RemoteJWKSetOptions } from 'jose';

/** A JWKS URL, or a key resolver such as jose's `createRemoteJWKSet(...)` / `createLocalJWKSet(...)`. */
export type JwksSource = URL | string | JWTVerifyGetKey;

/** Thrown when the OP's discovery document cannot be had: our problem, not the token's. */
export class IssuerDiscoveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IssuerDiscoveryError';
  }
}

/**
 * A key resolver for `jwtVerify`. The remote set is jose's: cached, refetched after `cacheMaxAge`,
 * and refetched when a token names a `kid` it does not hold (key rotation), at most once per
 * `cooldownDuration` (30 s by default) so forged `kid`s cannot make us hammer the OP.
 */
export function createIssuerKeys(
  issuer: string,
  jwks: JwksSource | undefined,
  jwksOptions: RemoteJWKSetOptions | undefined,
): JWTVerifyGetKey {
  if (typeof jwks === 'function') return jwks;
  if (jwks !== undefined) return createRemoteJWKSet(new URL(jwks), jwksOptions);

  let remote: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(jwksOptions?.timeoutDuration ?? 5000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (cause) {
      throw new IssuerDiscoveryError(`discovery failed at ${url}`, { cause });
    }
    // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the issuer we asked.
    if (document.issuer !== issuer) {
      throw new IssuerDiscoveryError(`discovery document at ${url} is for another issuer`);
    }
    if (typeof document.jwks_uri !== 'string') {
      throw new IssuerDiscoveryError(`discovery document at ${url} has no jwks_uri`);
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), jwksOptions);
  };

  return async (header, token) => {
    // One discovery for all requests; a failed one is forgotten so the next request tries again.
    remote ??= discover().catch((err: unknown) => {
      remote = undefined;
      throw err;
    });
    return (await remote)(header, token);
  };
}
