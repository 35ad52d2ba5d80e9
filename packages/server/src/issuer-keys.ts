// The OP's signing keys: from its discovery document's `jwks_uri` unless the app names them.
// The public types here are written out rather than imported from jose: jose is ESM-only, and a
// CommonJS app's compiler refuses declarations that import it (TS1479 under node16 resolution).
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { RETRY_AFTER_SECONDS } from './http-responses';

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
  /** The key to verify `token` with, picked by its protected header (`kid`, `alg`). */
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

/** After the keys could not be fetched, no new attempt for this long (the 503's Retry-After). */
export const KEY_FETCH_COOLDOWN_MS = RETRY_AFTER_SECONDS * 1000;

/** Thrown instead of fetching again while the last fetch failed less than the cool-down ago. */
export class KeysCoolingDownError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('signing keys unavailable a moment ago; not fetched again yet', options);
    this.name = 'KeysCoolingDownError';
  }
}

// jose's errors that blame the token, not the fetch: they never start a cool-down.
const TOKEN_FAULTS = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
]);

/**
 * A key resolver for `jwtVerify`. The remote set is jose's: cached, refetched after `cacheMaxAge`,
 * and refetched when a token names a `kid` it does not hold (key rotation), at most once per
 * `cooldownDuration` (30 s by default) so forged `kid`s cannot make us hammer the OP. A failed
 * discovery or JWKS fetch is not retried for {@link KEY_FETCH_COOLDOWN_MS}: meanwhile every token
 * that needs keys is answered 503 at once, with no fetch.
 */
export function createIssuerKeys(
  issuer: string,
  jwks: JwksSource | undefined,
  jwksOptions: JwksFetchOptions | undefined,
): JWTVerifyGetKey {
  const resolve = resolverOf(issuer, jwks, jwksOptions);
  let failedAt = -Infinity;
  let lastFailure: unknown;
  return async (header, token) => {
    if (Date.now() - failedAt < KEY_FETCH_COOLDOWN_MS) {
      throw new KeysCoolingDownError({ cause: lastFailure });
    }
    try {
      return await resolve(header, token);
    } catch (err) {
      if (!TOKEN_FAULTS.has((err as { code?: unknown } | null)?.code as string)) {
        failedAt = Date.now();
        lastFailure = err;
      }
      throw err;
    }
  };
}

function resolverOf(
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
    // One discovery for all requests; a failed one is forgotten (the cool-down above spaces the
    // next attempt).
    remote ??= discover().catch((err: unknown) => {
      remote = undefined;
      throw err;
    });
    return (await remote)(header, token);
  };
}
