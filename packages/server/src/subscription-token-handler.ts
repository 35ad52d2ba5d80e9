// The tiny endpoint a public SPA calls after sign-in: it proves its session with the ID Token
// the OP gave it and gets a subscription token for the SSE stream in exchange.
import { jwtVerify } from 'jose';
import { checkedAlgorithms } from './algorithms';
import { errorResponse, jsonResponse, unavailableResponse } from './http-responses';
import { createIssuerKeys, type JwksFetchOptions, type JwksSource } from './issuer-keys';
import { classifyVerifyError } from './logout-token';
import { BodyRejection, FORM, JSON_TYPE, readBody } from './read-body';
import { createSubscriptionToken, subscriptionKey } from './subscription-token';

/** Options of {@link createSubscriptionTokenHandler}. */
export interface SubscriptionTokenHandlerOptions {
  /** The OP's issuer identifier, exactly as in `iss`. */
  issuer: string;
  /**
   * The client_id the ID Token must be issued to, or several (one endpoint for several apps of
   * the same OP): its `aud` must contain one, and `azp`, when present, must be one.
   */
  clientId: string | readonly string[];
  /** HMAC key of the subscription tokens (32+ bytes), the same as `authenticateWithSubscriptionToken`'s. */
  secret: string | Uint8Array;
  /** The OP's signing keys (see the receiver's `jwks`). Default: from discovery. */
  jwks?: JwksSource;
  jwksOptions?: JwksFetchOptions;
  /** Accepted ID Token algorithms. Default RS256, PS256, ES256, EdDSA. `none` and HS* are refused. */
  algorithms?: readonly string[];
  /** Lifetime of the subscription token in seconds. Default 900. */
  ttl?: number;
  /** Clock skew allowed on the ID Token, in seconds. Default 60. */
  clockTolerance?: number;
  /** Every subscription token handed out (log it, count it). */
  onIssued?: (issued: IssuedSubscription) => void;
  /** Every refusal, with a stable reason code. */
  onReject?: (
    reason: SubscriptionRejectReason,
    detail: { status: number; description: string; cause?: unknown },
  ) => void;
}

/** What a subscription token was issued for. */
export interface IssuedSubscription {
  /** The client the ID Token was issued to (its `azp`, or its only audience). */
  clientId: string;
  iss: string;
  sub: string;
  sid?: string;
}

/** Why an ID Token was not traded for a subscription token. */
export type SubscriptionRejectReason =
  | 'method_not_allowed'
  | 'bad_content_type'
  | 'body_too_large'
  | 'malformed_body'
  | 'missing_id_token'
  | 'multiple_id_tokens'
  | 'invalid_id_token'
  | 'not_an_id_token'
  | 'wrong_client'
  | 'jwks_unavailable';

/** The ID Token travels alone: anything near this size is not one. */
const MAX_BODY_BYTES = 16 * 1024;

/** POST `{ id_token }` (JSON or form) -> `{ token, token_type: 'subscription', expires_in }`. */
export function createSubscriptionTokenHandler(
  options: SubscriptionTokenHandlerOptions,
): (request: Request) => Promise<Response> {
  const { issuer, secret } = options;
  const clientIds =
    typeof options.clientId === 'string' ? [options.clientId] : [...options.clientId];
  if (!issuer) throw new TypeError('createSubscriptionTokenHandler: issuer is required');
  if (clientIds.length === 0 || clientIds.some((id) => !id)) {
    throw new TypeError('createSubscriptionTokenHandler: clientId is required');
  }
  subscriptionKey(secret);
  const algorithms = checkedAlgorithms(options.algorithms, 'createSubscriptionTokenHandler');
  const getKey = createIssuerKeys(issuer, options.jwks, options.jwksOptions);
  const ttl = options.ttl ?? 900;

  const refuse = (
    reason: SubscriptionRejectReason,
    status: number,
    description: string,
    cause?: unknown,
  ): Response => {
    try {
      options.onReject?.(reason, { status, description, ...(cause !== undefined && { cause }) });
    } catch {
      // A logging hook must not change the answer.
    }
    if (status === 503) return unavailableResponse(description);
    if (status === 405)
      return errorResponse(405, 'invalid_request', description, { Allow: 'POST' });
    return errorResponse(status, status === 401 ? 'invalid_token' : 'invalid_request', description);
  };

  return async (request) => {
    if (request.method !== 'POST') return refuse('method_not_allowed', 405, 'use POST');
    let idToken: unknown;
    try {
      const { mediaType, text } = await readBody(request, {
        maxBytes: MAX_BODY_BYTES,
        mediaTypes: [JSON_TYPE, FORM],
      });
      if (mediaType === JSON_TYPE) {
        idToken = (JSON.parse(text) as { id_token?: unknown } | null)?.id_token;
      } else {
        const values = new URLSearchParams(text).getAll('id_token');
        // Two values: which one would be checked and which one used is a parser's accident.
        if (values.length > 1) return refuse('multiple_id_tokens', 400, 'more than one id_token');
        idToken = values[0];
      }
    } catch (err) {
      if (err instanceof BodyRejection) return refuse(err.reason, err.status, err.message);
      return refuse('malformed_body', 400, 'malformed body', err);
    }
    if (typeof idToken !== 'string' || !idToken) {
      return refuse('missing_id_token', 400, 'id_token is missing');
    }

    let claims: {
      iss: string;
      sub: string;
      sid?: unknown;
      auth_time?: unknown;
      aud?: unknown;
      azp?: unknown;
      events?: unknown;
    };
    let typ: unknown;
    try {
      const { payload, protectedHeader } = await jwtVerify(idToken, getKey, {
        issuer,
        audience: clientIds,
        algorithms,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: options.clockTolerance ?? 60,
      });
      claims = payload as typeof claims;
      typ = protectedHeader.typ;
    } catch (err) {
      if (classifyVerifyError(err).reason === 'jwks_unavailable') {
        return refuse('jwks_unavailable', 503, 'signing keys unavailable, retry later', err);
      }
      return refuse('invalid_id_token', 401, 'id_token is not valid', err);
    }
    // The OP signs other JWTs for this client with the same keys, logout tokens above all: only an
    // ID Token (untyped or `JWT`, and no `events`, which only Security Event Tokens carry) may
    // stand for a session.
    if (!isIdTokenTyp(typ) || claims.events !== undefined) {
      return refuse('not_an_id_token', 401, 'not an ID Token');
    }
    const clientId = clientOf(claims, clientIds);
    if (clientId === undefined) {
      return refuse('wrong_client', 401, 'id_token is not for this client');
    }

    const sid = typeof claims.sid === 'string' ? claims.sid : undefined;
    const token = await createSubscriptionToken({
      secret,
      iss: issuer,
      sub: claims.sub,
      ...(sid !== undefined && { sid }),
      ...(typeof claims.auth_time === 'number' && { authenticatedAt: claims.auth_time * 1000 }),
      ttl,
    });
    try {
      options.onIssued?.({
        clientId,
        iss: issuer,
        sub: claims.sub,
        ...(sid !== undefined && { sid }),
      });
    } catch {
      // A logging hook must not change the answer.
    }
    return jsonResponse(200, { token, token_type: 'subscription', expires_in: ttl });
  };
}

/**
 * OpenID Connect Core §3.1.3.7: `azp`, when present, must be one of ours and an audience; without
 * it the token must have a single audience (jose already checked one of them is ours).
 */
function clientOf(
  claims: { aud?: unknown; azp?: unknown },
  clientIds: readonly string[],
): string | undefined {
  const audiences: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.azp !== undefined) {
    return clientIds.find((id) => id === claims.azp && audiences.includes(id));
  }
  return audiences.length === 1 ? clientIds.find((id) => id === audiences[0]) : undefined;
}

/** ID Tokens are untyped or typed `JWT` (any case, `application/` prefix allowed). */
function isIdTokenTyp(typ: unknown): boolean {
  return typ === undefined || (typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ));
}
