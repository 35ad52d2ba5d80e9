// Validation of a Logout Token, OpenID Connect Back-Channel Logout 1.0 §2.4 and §2.6.
import {
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LogoutRejection, type LogoutRejectReason } from './logout-rejection';

/** The member a Logout Token's `events` claim must have (Back-Channel Logout 1.0). */
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

/**
 * Validates a logout token: everything that can be checked without keys first, so a token that is
 * wrong on its face never causes a key lookup (or a fetch of the OP's keys), then the signature.
 */
export async function verifyLogoutToken(
  token: string,
  policy: LogoutTokenPolicy,
): Promise<VerifiedLogoutToken> {
  if (token.split('.').length !== 3) {
    throw new LogoutRejection('malformed_token', 'logout_token is not a signed JWT');
  }
  let header: { alg?: unknown; typ?: unknown };
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    throw new LogoutRejection('malformed_token', 'logout_token is not a signed JWT');
  }
  // Before any key lookup: `none`, HS* and anything unexpected never reach verification.
  if (typeof header.alg !== 'string' || !policy.algorithms.includes(header.alg)) {
    throw new LogoutRejection('unsupported_alg', 'logout_token signing algorithm not accepted');
  }
  const claims = checkClaims(header.typ, payload, policy);

  try {
    await jwtVerify(token, policy.getKey, {
      algorithms: [...policy.algorithms],
      clockTolerance: policy.clockToleranceSec,
      currentDate: new Date(policy.now),
    });
  } catch (err) {
    throw classifyVerifyError(err);
  }
  return claims;
}

/** Back-Channel Logout 1.0 §2.4 and §2.6 on the decoded (not yet verified) token. */
function checkClaims(
  typ: unknown,
  payload: JWTPayload,
  policy: LogoutTokenPolicy,
): VerifiedLogoutToken {
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

  const nowSec = policy.now / 1000;
  const tolerance = policy.clockToleranceSec;
  if (payload.iat === undefined) throw reject('missing_iat', 'iat is missing');
  if (!isNumericDate(payload.iat)) throw reject('invalid_claim', 'iat is not a number');
  if (payload.iat > nowSec + tolerance) throw reject('iat_in_future', 'iat is in the future');
  if (nowSec - payload.iat > policy.maxTokenAgeSec + tolerance) {
    throw reject('token_too_old', 'token is too old');
  }
  // Errata set 1 of Back-Channel Logout 1.0 made `exp` REQUIRED. Without it (requireExp: false),
  // `iat` and maxTokenAge still bound the token's life.
  if (payload.exp === undefined) {
    if (policy.requireExp) throw reject('missing_exp', 'exp is missing');
  } else if (!isNumericDate(payload.exp)) {
    throw reject('invalid_claim', 'exp is not a number');
  } else if (payload.exp <= nowSec - tolerance) {
    throw reject('token_expired', 'token is expired');
  }
  if (payload.nbf !== undefined) {
    if (!isNumericDate(payload.nbf)) throw reject('invalid_claim', 'nbf is not a number');
    if (payload.nbf > nowSec + tolerance)
      throw reject('token_not_yet_valid', 'token is not yet valid');
  }

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

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
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
      // Discovery or JWKS fetch failed (or is cooling down after a failure) (network, timeout, bad document): not the token's fault.
      return new LogoutRejection('jwks_unavailable', 'signing keys unavailable, retry later', err);
  }
}
