// Validation of a Logout Token, OpenID Connect Back-Channel Logout 1.0 §2.4 and §2.6.
import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LogoutRejection, type LogoutRejectReason } from './logout-rejection';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface LogoutTokenPolicy {
  issuer: string;
  clientIds: readonly string[];
  getKey: JWTVerifyGetKey;
  algorithms: readonly string[];
  clockToleranceSec: number;
  maxTokenAgeSec: number;
  now: number;
  /** Treat `typ: JWT` (the generic type) like an absent `typ`. */
  acceptJwtTyp?: boolean;
  /** Refuse a token without `exp` (REQUIRED since errata set 1). */
  requireExp: boolean;
}

export interface VerifiedLogoutToken {
  iss: string;
  sub?: string;
  sid?: string;
  jti: string;
  iat: number;
  payload: JWTPayload;
}

export async function verifyLogoutToken(
  token: string,
  policy: LogoutTokenPolicy,
): Promise<VerifiedLogoutToken> {
  if (token.split('.').length !== 3) {
    throw new LogoutRejection('malformed_token', 'logout_token is not a signed JWT');
  }
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new LogoutRejection('malformed_token', 'logout_token is not a signed JWT');
  }
  // Before any key lookup: `none`, HS* and anything unexpected never reach verification.
  if (typeof alg !== 'string' || !policy.algorithms.includes(alg)) {
    throw new LogoutRejection('unsupported_alg', 'logout_token signing algorithm not accepted');
  }

  let payload: JWTPayload;
  let typ: unknown;
  try {
    const verified = await jwtVerify(token, policy.getKey, {
      algorithms: [...policy.algorithms],
      clockTolerance: policy.clockToleranceSec,
      currentDate: new Date(policy.now),
    });
    payload = verified.payload;
    typ = verified.protectedHeader.typ;
  } catch (err) {
    throw classifyVerifyError(err);
  }

  // §2.4: explicit typing is recommended; when present it must say logout+jwt. Opt-in: the generic
  // `JWT` counts as untyped (OPs such as oidc-provider <= 6 type their logout tokens so).
  if (typ !== undefined) {
    const normalized =
      typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : '';
    const untyped = policy.acceptJwtTyp === true && normalized === 'jwt';
    if (normalized !== 'logout+jwt' && !untyped) {
      throw reject('wrong_typ', 'typ header is not logout+jwt');
    }
  }
  if (payload.iss !== policy.issuer) throw reject('wrong_issuer', 'iss does not match');
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!Array.isArray(audiences) || !audiences.some((aud) => policy.clientIds.includes(aud))) {
    throw reject('wrong_audience', 'aud does not contain the client_id');
  }

  const nowSec = Math.floor(policy.now / 1000);
  if (payload.iat === undefined) throw reject('missing_iat', 'iat is missing');
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) {
    throw reject('invalid_claim', 'iat is not a number');
  }
  if (payload.iat > nowSec + policy.clockToleranceSec) {
    throw reject('iat_in_future', 'iat is in the future');
  }
  if (nowSec - payload.iat > policy.maxTokenAgeSec + policy.clockToleranceSec) {
    throw reject('token_too_old', 'token is too old');
  }

  // Errata set 1 of Back-Channel Logout 1.0 made `exp` REQUIRED; jose already refused a passed or
  // malformed one. Without it, `iat` and maxTokenAge still bound the token's life.
  if (payload.exp === undefined && policy.requireExp) throw reject('missing_exp', 'exp is missing');

  const events = payload.events;
  if (typeof events !== 'object' || events === null || Array.isArray(events)) {
    throw reject('missing_events', 'events claim is missing');
  }
  if (!Object.hasOwn(events, BACKCHANNEL_LOGOUT_EVENT)) {
    throw reject('missing_events', 'events claim has no back-channel logout member');
  }
  const member = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT];
  if (typeof member !== 'object' || member === null || Array.isArray(member)) {
    throw reject('bad_events', 'back-channel logout event is not a JSON object');
  }

  const { sub, sid } = payload as { sub?: unknown; sid?: unknown };
  if (sub === undefined && sid === undefined) {
    throw reject('missing_sub_and_sid', 'neither sub nor sid is present');
  }
  if (!isOptionalIdentifier(sub)) throw reject('invalid_claim', 'sub is not a string');
  if (!isOptionalIdentifier(sid)) throw reject('invalid_claim', 'sid is not a string');
  // §2.4: a nonce would make a logout token usable as an ID Token; it is prohibited.
  if (Object.hasOwn(payload, 'nonce')) throw reject('nonce_present', 'nonce must not be present');
  if (payload.jti === undefined) throw reject('missing_jti', 'jti is missing');
  if (!isOptionalIdentifier(payload.jti)) throw reject('invalid_claim', 'jti is not a string');

  return {
    iss: payload.iss,
    ...(sub !== undefined && { sub }),
    ...(sid !== undefined && { sid }),
    jti: payload.jti,
    iat: payload.iat,
    payload,
  };
}

function reject(reason: LogoutRejectReason, description: string): LogoutRejection {
  return new LogoutRejection(reason, description);
}

/** A non-empty string of sane length (it becomes a store key), or absent. */
function isOptionalIdentifier(value: unknown): value is string | undefined {
  return (
    value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= 1024)
  );
}

/** Maps a jose verification error to a rejection; anything unknown is a key-fetch failure. */
export function classifyVerifyError(err: unknown): LogoutRejection {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new LogoutRejection('bad_signature', 'signature verification failed', err);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new LogoutRejection('bad_signature', 'no unique signing key matches', err);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new LogoutRejection('unsupported_alg', 'signing algorithm not accepted', err);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new LogoutRejection('malformed_token', 'logout_token is not a valid JWT', err);
    case 'ERR_JWT_EXPIRED':
      return new LogoutRejection('token_expired', 'token is expired', err);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return (err as { claim?: unknown }).claim === 'nbf'
        ? new LogoutRejection('token_not_yet_valid', 'token is not yet valid', err)
        : new LogoutRejection('invalid_claim', 'a registered claim is malformed', err);
    default:
      // Discovery or JWKS fetch failed (network, timeout, bad document): not the token's fault.
      return new LogoutRejection('jwks_unavailable', 'signing keys unavailable, retry later', err);
  }
}
