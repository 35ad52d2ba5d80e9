import type {
  SessionEventMap,
  SessionEventName,
  SessionSnapshot,
  SessionStats,
  SignOutOptions,
} from './types';

/** The session of one OIDC client in one tab: state to subscribe to, events, and actions. */
export interface OidcSession {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): SessionSnapshot;
  /** The snapshot to render on the server and during hydration: always `idle`. */
  getServerSnapshot(): SessionSnapshot;
  /** Be called after every snapshot change. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Listen to a one-off event. Returns the unsubscribe function. */
  on<K extends SessionEventName>(
    name: K,
    handler: (payload: SessionEventMap[K]) => void,
  ): () => void;
  /** Counters: messages posted, answers, ignored messages, re-checks. */
  getStats(): SessionStats;
  /** When the OP iframe last answered (quiet polls included), or `null`. */
  getLastCheckedAt(): number | null;
  /** Start monitoring (idempotent). Does nothing on the server. */
  start(): void;
  /** Stop monitoring and remove the OP iframe; status becomes `idle`. `start()` resumes. */
  stop(): void;
  /** Stop for good and drop every listener. Idempotent (React StrictMode, HMR). */
  dispose(): void;
  /**
   * Check now instead of at the next tick. Resolves with the snapshot once the check (and any
   * silent re-check it triggers) has settled. Starts the session if it was not started.
   */
  checkNow(): Promise<SessionSnapshot>;
  /**
   * Option `idle: idleSignOut(...)`: the user is here. Restarts the idle countdown in every tab
   * (e.g. the "Stay signed in" button of the warning). Does nothing without the option.
   */
  stayActive(): void;
  /**
   * Send the browser to the OP to sign in (oidc-client-ts `signinRedirect`). The callback page
   * finishes with `userManager.signinCallback()`; the session sees the new user load and runs its
   * first check on that fresh `session_state` as the positive control.
   */
  signIn(args?: Record<string, unknown>): Promise<void>;
  /**
   * Sign out: stop monitoring, remove the local user, then go to the OP's `end_session_endpoint`
   * with a fresh `state` (mode `redirect`: GET, `post`: a form POST, `popup`: in a popup while this
   * page stays, resolving once it came back), which {@link handleSignOutCallback} checks on return.
   * Rejects with code `no-end-session-endpoint` (after the local sign-out) when the OP has none;
   * `popup` rejects with `signout-popup-blocked` (nothing changed), `signout-popup-closed` or
   * `signout-popup-timeout`. Any tab can call it; the other tabs follow.
   */
  signOut(options?: SignOutOptions): Promise<void>;
}
