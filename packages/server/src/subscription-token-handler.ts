// The tiny endpoint a public SPA calls after sign-in: it proves its session with the ID Token
// the OP gave it and gets a subscription token for the SSE stream in exchange.
import { jwtVerify } from 'jose';
import { DEFAULT_LOGOUT_ALGORITHMS } from './backchannel-logout-handler';
import { errorResponse, jsonResponse } from './http-responses';
import { createIssuerKeys, type JwksFetchOptions, type JwksSource } from './issuer-keys';
import { classifyVerifyError } from './logout-token';
import { BodyTooLargeError, mediaTypeOf, readBodyWithLimit } from './read-body';
import { createSubscriptionToken, subscriptionKey } from './subscription-token';

export interface SubscriptionTokenHandlerOptions {
  issuer: string;
  clientId: string;
  secret: string | Uint8Array;
  jwks?: JwksSource;
  jwksOptions?: JwksFetchOptions;
  algorithms?: readonly string[];
  /** Lifetime of the subscription token in seconds. Default 900. */
  ttl?: number;
  /** Clock skew allowed on the ID Token, in seconds. Default 60. */
  clockTolerance?: number;
}

export function createSubscriptionTokenHandler(
  options: SubscriptionTokenHandlerOptions,
): (request: Request) => Promise<Response> {
  const { issuer, clientId, secret } = options;
  subscriptionKey(secret);
  const algorithms = [...(options.algorithms ?? DEFAULT_LOGOUT_ALGORITHMS)];
  if (algorithms.some((alg) => alg === 'none' || /^HS/i.test(alg))) {
    throw new TypeError('createSubscriptionTokenHandler: none and HS* are not allowed');
  }
  const getKey = createIssuerKeys(issuer, options.jwks, options.jwksOptions);
  const ttl = options.ttl ?? 900;

  return async (request) => {
    if (request.method !== 'POST') {
      return errorResponse(405, 'invalid_request', 'use POST', { Allow: 'POST' });
    }
    let idToken: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(
        await readBodyWithLimit(request, 16 * 1024),
      );
      const type = mediaTypeOf(request.headers.get('content-type'));
      if (type === 'application/json')
        idToken = (JSON.parse(text) as { id_token?: unknown }).id_token;
      else if (type === 'application/x-www-form-urlencoded') {
        const values = new URLSearchParams(text).getAll('id_token');
        // Two values: which one would be checked and which one used is a parser's accident.
        if (values.length > 1)
          return errorResponse(400, 'invalid_request', 'more than one id_token');
        idToken = values[0];
      } else return errorResponse(415, 'invalid_request', 'send JSON or a form');
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        return errorResponse(413, 'invalid_request', 'body too large');
      return errorResponse(400, 'invalid_request', 'malformed body');
    }
    if (typeof idToken !== 'string' || !idToken) {
      return errorResponse(400, 'invalid_request', 'id_token is missing');
    }

    let claims: {
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
        audience: clientId,
        algorithms,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: options.clockTolerance ?? 60,
      });
      claims = payload as typeof claims;
      typ = protectedHeader.typ;
    } catch (err) {
      if (classifyVerifyError(err).reason === 'jwks_unavailable') {
        return errorResponse(
          503,
          'temporarily_unavailable',
          'signing keys unavailable, retry later',
          {
            'Retry-After': '5',
          },
        );
      }
      return errorResponse(401, 'invalid_token', 'id_token is not valid');
    }
    // The OP signs other JWTs for this client with the same keys, logout tokens above all: only an
    // ID Token (untyped or `JWT`, and no `events`, which only Security Event Tokens carry) may
    // stand for a session.
    if (!isIdTokenTyp(typ) || claims.events !== undefined) {
      return errorResponse(401, 'invalid_token', 'not an ID Token');
    }
    // OpenID Connect Core §3.1.3.7: azp, when present, must be us; several audiences need one.
    const severalAudiences = Array.isArray(claims.aud) && claims.aud.length > 1;
    if (claims.azp !== undefined ? claims.azp !== clientId : severalAudiences) {
      return errorResponse(401, 'invalid_token', 'id_token is not for this client');
    }

    const token = await createSubscriptionToken({
      secret,
      iss: issuer,
      sub: claims.sub,
      ...(typeof claims.sid === 'string' && { sid: claims.sid }),
      ...(typeof claims.auth_time === 'number' && { authenticatedAt: claims.auth_time * 1000 }),
      ttl,
    });
    return jsonResponse(200, { token, token_type: 'subscription', expires_in: ttl });
  };
}

/** ID Tokens are untyped or typed `JWT` (any case, `application/` prefix allowed). */
function isIdTokenTyp(typ: unknown): boolean {
  return typ === undefined || (typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ));
}
