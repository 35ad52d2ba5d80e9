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
  | 'signout-error'
  /** `signOut({ mode: 'popup' })`: the browser blocked the popup; nothing changed. */
  | 'signout-popup-blocked'
  /** `signOut({ mode: 'popup' })`: the user closed the popup before the OP sent it back. */
  | 'signout-popup-closed'
  /** `signOut({ mode: 'popup' })`: the popup did not come back within `popupTimeout`. */
  | 'signout-popup-timeout';

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

/** Logs a failure nobody can act on (a port or a listener threw) without stopping anything. */
export const log = (err: unknown) => console.error('[oidc-session]', err);
