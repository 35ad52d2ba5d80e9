// The OP's signing keys: from its discovery document's `jwks_uri` unless the app names them.
// The public types here are written out rather than imported from jose: jose is ESM-only, and a
// CommonJS app's compiler refuses declarations that import it (TS1479 under node16 resolution).
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** The protected header a key resolver is given (jose's `JWSHeaderParameters`). */
export interface JwsHeader {
  alg?: string;
  kid?: string;
  [parameter: string]: unknown;
}

/** The signed token a key resolver is given (jose's `FlattenedJWSInput`). */
export interface FlattenedJws {
  payload: string | Uint8Array;
  signature: string;
  protected?: string;
  header?: JwsHeader;
}

/**
 * A key resolver such as jose's `createRemoteJWKSet(...)` or `createLocalJWKSet(...)` (jose's
 * `JWTVerifyGetKey`). Declared as a method type so jose's own, narrower parameter types fit.
 */
export type KeyResolver = {
  resolve(protectedHeader: JwsHeader, token: FlattenedJws): unknown;
}['resolve'];

/** A JWKS URL, or a key resolver. */
export type JwksSource = URL | string | KeyResolver;

/** How the remote JWKS is fetched and cached: passed to jose's `createRemoteJWKSet`. */
export interface JwksFetchOptions {
  /** Abort a fetch after this many ms. jose's default: 5000. */
  timeoutDuration?: number;
  /** No refetch for an unknown `kid` sooner than this many ms after the last. jose's default: 30 000. */
  cooldownDuration?: number;
  /** Refetch after this many ms even if every `kid` is known. jose's default: 600 000. */
  cacheMaxAge?: number;
  /** Headers sent with the fetch. */
  headers?: Record<string, string>;
}

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
  jwksOptions: JwksFetchOptions | undefined,
): JWTVerifyGetKey {
  // Whatever the app's resolver returns, jose checks it is a usable key.
  if (typeof jwks === 'function') return jwks as JWTVerifyGetKey;
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
