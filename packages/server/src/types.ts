/** A session the OP ended, as the back-channel logout receiver recorded it. */
export interface LogoutEvent {
  /** The OP's issuer identifier (`iss` of the logout token). */
  iss: string;
  /** The user (`sub`). Without `sid`, every session of this user at `iss` ended. */
  sub?: string;
  /** The OP session (`sid`). When present, only this session ended. */
  sid?: string;
  /** When the logout was received (ms since the epoch). */
  at: number;
}

/** Which session to ask about: the `iss` plus the `sid` and/or `sub` the RP holds for it. */
export interface EndedSessionQuery {
  iss: string;
  sub?: string;
  sid?: string;
  /**
   * When this session was authenticated (ms since the epoch, e.g. `auth_time * 1000`). A logout of
   * every session of `sub` only ends sessions authenticated before it; without this figure, any
   * such logout counts.
   */
  authenticatedAt?: number;
}

/** Called with each logout a store records, for {@link SessionEventStore.subscribe}. */
export type LogoutListener = (event: LogoutEvent) => void;

/** The logout token a logout came from: its `jti` is recorded in the same atomic step. */
export interface LogoutTokenMark {
  /** The token's `jti`, qualified by its issuer (two OPs may pick the same value). */
  jti: string;
  /** How long the `jti` is remembered, in ms: tokens older than that are refused anyway. */
  ttlMs: number;
}

/**
 * What `recordLogout` found. `replayOf: null`: a first delivery, now recorded and announced.
 * Otherwise the token was recorded before: `replayOf` is the logout recorded then (with its
 * original `at`), and `completed` says whether the receiver finished with it (`completeLogout`).
 */
export type RecordLogoutResult = { replayOf: null } | { replayOf: LogoutEvent; completed: boolean };

/**
 * Where ended sessions are remembered and announced. All methods may reject when the backing
 * service is down: the receiver then answers 503 so the OP retries, never 200.
 */
export interface SessionEventStore {
  /**
   * Remember the logout (for `isEnded`) and tell every subscriber, on every instance. With `token`,
   * in the same atomic step: mark its `jti`, or, if it is marked already, change nothing and
   * resolve with the logout recorded then. A write that lands although the call rejects (the link
   * dropped before the reply) is therefore found, not lost, when the OP retries.
   */
  recordLogout(event: LogoutEvent, token?: LogoutTokenMark): Promise<RecordLogoutResult>;
  /**
   * The receiver finished with this token's logout (the `onLogout` hook succeeded): from now on a
   * `recordLogout` with the same `jti` is a replay to refuse, not a retry to finish.
   */
  completeLogout(jti: string): Promise<void>;
  /** The recorded logout that ended this session, or `null` while it is not known to be ended. */
  isEnded(query: EndedSessionQuery): Promise<LogoutEvent | null>;
  /** Be told of every logout recorded from now on (by any instance sharing the store). */
  subscribe(listener: LogoutListener): () => void;
  /** Stop listening and release what the store holds (connections it owns, timers). */
  close(): Promise<void>;
}
