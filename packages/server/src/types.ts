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

export type LogoutListener = (event: LogoutEvent) => void;

/**
 * Where ended sessions are remembered and announced. All methods may reject when the backing
 * service is down: the receiver then answers 503 so the OP retries, never 200.
 */
export interface SessionEventStore {
  /** Remember the logout (for `isEnded`) and tell every subscriber, on every instance. */
  recordLogout(event: LogoutEvent): Promise<void>;
  /** The recorded logout that ended this session, or `null` while it is not known to be ended. */
  isEnded(query: EndedSessionQuery): Promise<LogoutEvent | null>;
  /** Be told of every logout recorded from now on (by any instance sharing the store). */
  subscribe(listener: LogoutListener): () => void;
  /** Mark a logout token's `jti` as seen; resolves `true` when it already was (a replay). */
  seenJti(jti: string, ttlMs: number): Promise<boolean>;
  /** Undo `seenJti` for a token that could not be acted on, so the OP's retry is not a "replay". */
  forgetJti(jti: string): Promise<void>;
  close(): Promise<void>;
}
