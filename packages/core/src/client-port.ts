// The small surface the engine needs from an OIDC client. oidc-client-ts's UserManager is adapted
// to it in user-manager-port.ts; unit tests script it directly.

/** A signed-in user, as the engine needs it. */
export interface PortUser {
  readonly sub: string;
  readonly sessionState: string | null;
  readonly idToken: string | undefined;
  readonly profile: Readonly<Record<string, unknown>>;
  /** ID Token `exp`, access token expiry and ID Token `auth_time` (ms since epoch), when known. */
  readonly times?: {
    readonly idToken: number | null;
    readonly accessToken: number | null;
    readonly authTime: number | null;
  };
}

/** Outcome of one silent `prompt=none` request that reached the OP and came back. */
export type SilentCheckResult =
  /** The OP has a session for `sub`; `sessionState` is the new value to monitor. */
  | { readonly kind: 'session'; readonly sub: string; readonly sessionState: string }
  /** `login_required`-class answer: nobody is signed in at the OP for this client. */
  | {
      readonly kind: 'login-required';
      readonly error: string;
      readonly sessionState: string | null;
    }
  /** Any other OAuth error that retrying will not fix (e.g. `invalid_request`). */
  | { readonly kind: 'rejected'; readonly error: string; readonly description: string | null };

/** Client operations the engine uses. Transient failures (network, timeout) reject. */
export interface SessionClientPort {
  /** OAuth `client_id`. */
  readonly clientId: string;
  /** The OP's issuer / authority URL, used to key storage. */
  readonly authority: string;
  getUser(): Promise<PortUser | null>;
  getCheckSessionIframe(): Promise<string | undefined>;
  getEndSessionEndpoint(): Promise<string | undefined>;
  /** Silent `prompt=none` authorization request with the current ID Token as `id_token_hint`. */
  silentCheck(): Promise<SilentCheckResult>;
  /** Store a new `session_state` on the current user. */
  storeSessionState(sessionState: string): Promise<void>;
  /** Remove the local user (tokens included). */
  removeUser(): Promise<void>;
  signinRedirect(args?: Record<string, unknown>): Promise<void>;
  /** Finish a sign-in redirect; resolves with the new user. */
  signinCallback(url: string): Promise<PortUser | null>;
  /**
   * Be told when the client loads a user (sign-in, renew) or removes it, and when a silent renew
   * was refused in a way that means the OP session is over (`invalid_grant`, `login_required`...).
   */
  watchUser(
    onLoaded: (user: PortUser) => void,
    onUnloaded: () => void,
    onRenewRefused: () => void,
  ): () => void;
}
