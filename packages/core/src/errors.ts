/** What went wrong, for code that branches on it. */
export type OidcSessionErrorCode =
  /** The options or the UserManager are misconfigured. */
  | 'config'
  /** The OP advertises no `end_session_endpoint`; the local sign-out happened. */
  | 'no-end-session-endpoint'
  /** The post-logout return has no `state` parameter. */
  | 'signout-state-missing'
  /** The post-logout return's `state` matches no sign-out started here. */
  | 'signout-state-mismatch'
  /** The OP returned an error to the post-logout redirect URI. */
  | 'signout-error';

/** Errors the session raises to the app, with a stable `code`. */
export class OidcSessionError extends Error {
  override readonly name = 'OidcSessionError';
  constructor(
    readonly code: OidcSessionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
