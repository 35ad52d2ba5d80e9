// For public SPAs with no backend session: a short-lived token, signed by the RP backend and
// bound to the OP session (`sid`), that lets the SPA open its SSE stream.
import { jwtVerify, SignJWT } from 'jose';
import type { AuthenticatedSession } from './session-events-handler';

const AUDIENCE = 'urn:oidc-session:session-events';
const TYP = 'oidc-session-events+jwt';

/** Options of {@link createSubscriptionToken}: the key and the session the token stands for. */
export interface SubscriptionTokenOptions {
  /** HMAC key (HS256), at least 32 bytes; keep it on the server. */
  secret: string | Uint8Array;
  /** The OP issuer of the session. */
  iss?: string;
  sub?: string;
  sid?: string;
  /** When the user authenticated at the OP (ms since the epoch). */
  authenticatedAt?: number;
  /** Lifetime in seconds. Default 900 (15 minutes). */
  ttl?: number;
}

export function subscriptionKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (key.byteLength < 32)
    throw new TypeError('subscription token secret must be at least 32 bytes');
  return key;
}

/**
 * A short-lived token (HS256) that lets one tab listen to one OP session's events (`sid` and/or
 * `sub` of `iss`); the SSE handler verifies it with the same secret.
 */
export async function createSubscriptionToken(options: SubscriptionTokenOptions): Promise<string> {
  const { iss, sub, sid, authenticatedAt } = options;
  if (sub === undefined && sid === undefined) {
    throw new TypeError('createSubscriptionToken: sub or sid is required');
  }
  const jwt = new SignJWT({
    ...(iss !== undefined && { op_iss: iss }),
    ...(sid !== undefined && { sid }),
    ...(authenticatedAt !== undefined && { auth_time: Math.floor(authenticatedAt / 1000) }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: TYP })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttl ?? 900}s`);
  if (sub !== undefined) jwt.setSubject(sub);
  return jwt.sign(subscriptionKey(options.secret));
}

/** The session a subscription token stands for; rejects when it is forged, expired or foreign. */
export async function verifySubscriptionToken(
  token: string,
  options: { secret: string | Uint8Array; clockTolerance?: number },
): Promise<AuthenticatedSession> {
  const { payload } = await jwtVerify(token, subscriptionKey(options.secret), {
    algorithms: ['HS256'],
    audience: AUDIENCE,
    typ: TYP,
    requiredClaims: ['exp', 'iat'],
    clockTolerance: options.clockTolerance ?? 5,
  });
  const session: AuthenticatedSession = {};
  if (typeof payload.op_iss === 'string') session.iss = payload.op_iss;
  if (typeof payload.sub === 'string') session.sub = payload.sub;
  if (typeof payload.sid === 'string') session.sid = payload.sid;
  if (typeof payload.auth_time === 'number') session.authenticatedAt = payload.auth_time * 1000;
  if (session.sub === undefined && session.sid === undefined) {
    throw new TypeError('subscription token names no session');
  }
  return session;
}

/**
 * An `authenticate` for `createSessionEventsHandler`: reads the subscription token from the query
 * (`?token=...`, since EventSource cannot send headers) or an `Authorization: Bearer` header.
 */
export function authenticateWithSubscriptionToken(options: {
  secret: string | Uint8Array;
  parameter?: string;
}): (request: Request) => Promise<AuthenticatedSession | null> {
  subscriptionKey(options.secret);
  const parameter = options.parameter ?? 'token';
  return async (request) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const token = bearer ?? new URL(request.url).searchParams.get(parameter);
    if (!token) return null;
    try {
      return await verifySubscriptionToken(token, options);
    } catch {
      return null;
    }
  };
}
