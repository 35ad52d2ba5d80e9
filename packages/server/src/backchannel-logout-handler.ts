// The RP's `backchannel_logout_uri`: the OP POSTs a Logout Token; we validate it, record the
// ended session (before answering 200), and the store pushes it to every connected tab.
import { checkedAlgorithms } from './algorithms';
import { errorResponse, noStoreHeaders, unavailableResponse } from './http-responses';
import { createIssuerKeys, type JwksFetchOptions, type JwksSource } from './issuer-keys';
import { LogoutRejection, statusOf, type LogoutRejectReason } from './logout-rejection';
import { verifyLogoutToken } from './logout-token';
import { BodyRejection, FORM, readBody } from './read-body';
import type { LogoutEvent, RecordLogoutResult, SessionEventStore } from './types';

/** Options of {@link createBackchannelLogoutHandler}. */
export interface BackchannelLogoutHandlerOptions {
  /** The OP's issuer identifier, exactly as in its discovery document and in `iss`. */
  issuer: string;
  /** This RP's client_id (or several, when one receiver serves several clients of the same OP). */
  clientId: string | readonly string[];
  store: SessionEventStore;
  /**
   * The OP's signing keys: a JWKS URL or a jose key resolver. Default: the `jwks_uri` of
   * `${issuer}/.well-known/openid-configuration`, fetched on first use.
   */
  jwks?: JwksSource;
  /** Passed to jose's `createRemoteJWKSet` (cooldownDuration, cacheMaxAge, timeoutDuration, headers). */
  jwksOptions?: JwksFetchOptions;
  /** Accepted signing algorithms. Default RS256, PS256, ES256, EdDSA. `none` and HS* are refused. */
  algorithms?: readonly string[];
  /** Clock skew allowed on `iat` and `exp`, in seconds. Default 60. */
  clockTolerance?: number;
  /** Oldest `iat` accepted, in seconds. Default 600 (10 minutes). */
  maxTokenAge?: number;
  /** Largest request body read, in bytes. Default 65 536. */
  maxBodyBytes?: number;
  /**
   * Accept a `typ` header of `JWT` as if it were absent. Default false: a `typ` must say
   * `logout+jwt`. Some OPs (oidc-provider 6, the dev OP here) type their logout tokens `JWT`; the
   * required `events` member and the absent `nonce` still tell such a token from an ID Token.
   */
  acceptJwtTyp?: boolean;
  /**
   * Refuse logout tokens without `exp`. Default true: errata set 1 of Back-Channel Logout 1.0 made
   * `exp` REQUIRED. Set false for OPs written to the text before it, which send none (oidc-provider
   * 6 and older, so the dev OP here); `iat` and `maxTokenAge` still bound such a token's age.
   */
  requireExp?: boolean;
  /**
   * Called after the logout is recorded and before the OP gets its 200: destroy the RP's own
   * sessions for this `sid`/`sub` here. If it throws, the OP gets a 503 and retries.
   */
  onLogout?: (event: LogoutEvent) => void | Promise<void>;
  /** Every rejection, with a stable reason code (and the underlying error for 5xx ones). */
  onReject?: (reason: LogoutRejectReason, detail: LogoutRejectDetail) => void;
}

/** What {@link BackchannelLogoutHandlerOptions.onReject} gets with the reason of a rejection. */
export interface LogoutRejectDetail {
  /** The HTTP status the OP was answered with. */
  status: number;
  /** The `error_description` sent to the OP. */
  description: string;
  /** The underlying error, for 5xx answers (store or key fetch failures). */
  cause?: unknown;
}

/**
 * The handler for the RP's `backchannel_logout_uri` (a Fetch API `Request` in, a `Response` out;
 * {@link toNodeHandler} adapts it to Node). It validates the OP's Logout Token, records the ended
 * session in the store before answering 200, and answers 400 with a JSON error (or 503 with
 * `Retry-After` when the store or the OP's keys are unavailable) otherwise.
 */
export function createBackchannelLogoutHandler(
  options: BackchannelLogoutHandlerOptions,
): (request: Request) => Promise<Response> {
  const { issuer, store, onLogout, onReject } = options;
  const clientIds =
    typeof options.clientId === 'string' ? [options.clientId] : [...options.clientId];
  const algorithms = checkedAlgorithms(options.algorithms, 'createBackchannelLogoutHandler');
  const clockToleranceSec = options.clockTolerance ?? 60;
  const maxTokenAgeSec = options.maxTokenAge ?? 600;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  if (!issuer) throw new TypeError('createBackchannelLogoutHandler: issuer is required');
  if (clientIds.length === 0 || clientIds.some((id) => !id)) {
    throw new TypeError('createBackchannelLogoutHandler: clientId is required');
  }
  const getKey = createIssuerKeys(issuer, options.jwks, options.jwksOptions);
  // A token older than this is rejected anyway, so its jti need not be remembered longer.
  const jtiTtlMs = (maxTokenAgeSec + 2 * clockToleranceSec) * 1000;

  const handle = async (request: Request): Promise<LogoutEvent> => {
    if (request.method !== 'POST') {
      throw new LogoutRejection('method_not_allowed', 'use POST');
    }
    let form: URLSearchParams;
    try {
      form = new URLSearchParams(
        (await readBody(request, { maxBytes: maxBodyBytes, mediaTypes: [FORM] })).text,
      );
    } catch (err) {
      if (err instanceof BodyRejection)
        throw new LogoutRejection(err.reason, err.message, err.cause);
      throw err;
    }
    const tokens = form.getAll('logout_token');
    if (tokens.length > 1) {
      throw new LogoutRejection('multiple_logout_tokens', 'more than one logout_token');
    }
    if (!tokens[0]) throw new LogoutRejection('missing_logout_token', 'logout_token is missing');

    const token = await verifyLogoutToken(tokens[0], {
      issuer,
      clientIds,
      getKey,
      algorithms,
      clockToleranceSec,
      maxTokenAgeSec,
      now: Date.now(),
      acceptJwtTyp: options.acceptJwtTyp === true,
      requireExp: options.requireExp !== false,
    });

    const event: LogoutEvent = {
      iss: token.iss,
      ...(token.sub !== undefined && { sub: token.sub }),
      ...(token.sid !== undefined && { sid: token.sid }),
      at: Date.now(),
    };
    // jti per issuer: two OPs may well pick the same value. The mark and the logout are one
    // atomic write, so a retry after any failure finds either nothing or the logout recorded.
    const jti = `${token.iss} ${token.jti}`;
    let recorded: RecordLogoutResult;
    try {
      recorded = await store.recordLogout(event, { jti, ttlMs: jtiTtlMs });
    } catch (err) {
      throw new LogoutRejection('store_unavailable', 'temporarily unavailable, retry later', err);
    }
    if (recorded.replayOf && recorded.completed) {
      throw new LogoutRejection('replayed', 'logout_token was already used');
    }
    // A retry of a logout recorded before whose answer was not 200: finish it with the event as
    // first recorded (its `at` decides which later sign-ins a sub-only logout spares).
    const logout = recorded.replayOf ?? event;
    if (onLogout) {
      try {
        await onLogout(logout);
      } catch (err) {
        throw new LogoutRejection(
          'logout_hook_failed',
          'temporarily unavailable, retry later',
          err,
        );
      }
    }
    // The logout is recorded and the hook ran: the OP gets its 200 even if this mark cannot be
    // written now. A later replay would then run the hook again and record nothing new.
    await store.completeLogout(jti).catch(() => undefined);
    return logout;
  };

  return async (request) => {
    try {
      await handle(request);
      return new Response(null, { status: 200, headers: noStoreHeaders() });
    } catch (err) {
      const rejection =
        err instanceof LogoutRejection
          ? err
          : new LogoutRejection('internal_error', 'internal error', err);
      const status = statusOf(rejection.reason);
      try {
        onReject?.(rejection.reason, {
          status,
          description: rejection.description,
          ...(rejection.cause !== undefined && { cause: rejection.cause }),
        });
      } catch {
        // A logging hook must not change the answer.
      }
      if (status === 503) return unavailableResponse(rejection.description);
      if (status === 405)
        return errorResponse(405, 'invalid_request', 'use POST', { Allow: 'POST' });
      const error = status >= 500 ? 'server_error' : 'invalid_request';
      return errorResponse(status, error, rejection.description);
    }
  };
}
