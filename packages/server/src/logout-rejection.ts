/**
 * Why a back-channel logout request was not acted on. Stable machine codes: log them, count them,
 * alert on them; the OP only ever sees a short `error_description`.
 */
export type LogoutRejectReason =
  // The HTTP request
  | 'method_not_allowed'
  | 'bad_content_type'
  | 'body_too_large'
  | 'malformed_body'
  | 'missing_logout_token'
  | 'multiple_logout_tokens'
  // The JWT and its signature
  | 'malformed_token'
  | 'unsupported_alg'
  | 'bad_signature'
  | 'wrong_typ'
  // The claims (Back-Channel Logout 1.0 §2.6)
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_iat'
  | 'iat_in_future'
  | 'token_too_old'
  | 'missing_exp'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'invalid_claim'
  | 'missing_events'
  | 'bad_events'
  | 'missing_sub_and_sid'
  | 'nonce_present'
  | 'missing_jti'
  | 'replayed'
  // Our side, not the token's: answered 503 so the OP retries
  | 'jwks_unavailable'
  | 'store_unavailable'
  | 'logout_hook_failed'
  // A bug of ours: answered 500, details only to onReject
  | 'internal_error';

const STATUS: Partial<Record<LogoutRejectReason, number>> = {
  method_not_allowed: 405,
  bad_content_type: 415,
  body_too_large: 413,
  jwks_unavailable: 503,
  store_unavailable: 503,
  logout_hook_failed: 503,
  internal_error: 500,
};

export function statusOf(reason: LogoutRejectReason): number {
  return STATUS[reason] ?? 400;
}

/** Thrown inside the receiver and turned into the HTTP answer; never leaves the package. */
export class LogoutRejection extends Error {
  readonly reason: LogoutRejectReason;
  readonly description: string;
  override readonly cause: unknown;

  constructor(reason: LogoutRejectReason, description: string, cause?: unknown) {
    super(description);
    this.name = 'LogoutRejection';
    this.reason = reason;
    this.description = description;
    this.cause = cause;
  }
}
