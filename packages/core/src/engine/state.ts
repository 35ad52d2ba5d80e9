// The engine's state: plain immutable data. What the snapshot shows (`view`), what the current run
// waits for (`step`), this tab's part in the leader election (`role`), and the run id that tags
// every async result so a finished run's late answers are dropped in one place (the runtime).
import type { PortUser } from '../client-port';
import type {
  IdleCountdown,
  SessionExpiry,
  ExpiryKind,
  SessionEventMap,
  SessionReason,
  SessionStatus,
  SessionUser,
} from '../types';
import type { AnonymousFeature, ExpiryFeature, IdleFeature, ProbeFeature } from './feature';

/** Timing and policy, resolved to numbers once; constant for the life of a session. */
export interface EngineSettings {
  checkInterval: number;
  hiddenCheckInterval: number;
  replyTimeout: number;
  frameTimeout: number;
  onError: 'keep' | 'sign-out';
  reauthLimit: number;
  reauthWindow: number;
  retryDelay: number;
  maxRetryDelay: number;
  probeInterval: number;
  /** Opt-in: watch the OP session while nobody is signed in (`anonymousSessions()`). */
  anonymous: AnonymousFeature | undefined;
  /** Opt-in: probe the OP's reachability while polling (`opProbe()`). */
  probe: ProbeFeature | undefined;
  /** Opt-in: sign out after inactivity in every tab (`idleSignOut()`). */
  idle: IdleFeature | undefined;
  /** Opt-in: the user's deadlines in the snapshot and `expiring` ahead of them (`expiryWarnings()`). */
  expiry: ExpiryFeature | undefined;
}

/** The fields of the public snapshot, minus `since` (stamped by the runtime on a status change). */
export interface View {
  readonly status: SessionStatus;
  readonly reason: SessionReason | null;
  readonly user: SessionUser | null;
  readonly sessionState: string | null;
  readonly isPolling: boolean;
  readonly idle: IdleCountdown | null;
  readonly expiry: SessionExpiry | null;
}

/** This tab's part in the one-poller-per-browser election, per user (`sub`). */
export type Role =
  /** Not electing: no user, or signed out. */
  | { readonly kind: 'none' }
  /** Asked for the lock; the answer is on its way. */
  | { readonly kind: 'candidate'; readonly sub: string }
  /**
   * Polls for every tab of this user; `peers` are the followers that are visible; `heard`: some
   * follower has said hello since this tab leads (until then quiet answers go to nobody).
   */
  | {
      readonly kind: 'leader';
      readonly sub: string;
      readonly peers: readonly string[];
      readonly heard?: true;
    }
  /** Waits in the lock queue and mirrors `leaderTab`'s reports. */
  | { readonly kind: 'follower'; readonly sub: string; readonly leaderTab: string | null };

/** A loop whose retries back off on their own: a failure in one does not slow another. */
export type Loop = 'poll' | 'discovery' | 'recheck' | 'anon';

/** What the current run waits for. */
export type Step =
  /** Nothing: a resting status, a follower, or not started. */
  | { readonly at: 'rest' }
  /** The client's stored user. */
  | { readonly at: 'user' }
  /** The election's answer for `role.sub`. */
  | { readonly at: 'lock' }
  /** The OP's discovery document (check_session_iframe URL). */
  | { readonly at: 'discovery' }
  /** A user without session_state: does the OP have no iframe either? (that is the cause) */
  | { readonly at: 'no-state-cause' }
  /** A backoff timer (`retry` key), then `loop` is tried again. */
  | { readonly at: 'retry'; readonly loop: Exclude<Loop, 'poll'> }
  /** The OP iframe loading; it must load and answer its first check by `deadline`. */
  | { readonly at: 'frame'; readonly deadline: number }
  /** A check posted to the OP iframe; `first`: the first one of this iframe. */
  | { readonly at: 'check'; readonly first: boolean }
  /** The poll timer (`poll` key) is armed. */
  | { readonly at: 'wait' }
  /** A silent `prompt=none` request in flight. */
  | { readonly at: 'recheck' }
  /** It failed on the way: is the OP reachable at all? (`cause`: the failure.) */
  | { readonly at: 'recheck-probe'; readonly cause: unknown }
  /** The positive control failed: is the app on the OP's site? (whose fault is it) */
  | { readonly at: 'judge' }
  /** The confirmed new `session_state` being stored on the client's user. */
  | { readonly at: 'store'; readonly sessionState: string }
  /** Anonymous monitoring: its silent request, or the discovery for its iframe, in flight. */
  | { readonly at: 'anon' | 'anon-discovery' };

export interface SessionState {
  readonly cfg: EngineSettings;
  /** This client, for the check message `client_id + " " + session_state`. */
  readonly clientId: string;
  /** This tab's id on the channel to the other tabs. */
  readonly tab: string;
  /** Web Locks exist: tabs elect a leader and the leader reports to followers. */
  readonly locks: boolean;
  readonly started: boolean;
  /** Bumped whenever the current run must stop: async results of older runs are dropped. */
  readonly run: number;
  readonly view: View;
  readonly step: Step;
  readonly role: Role;
  /** The client's user being monitored. */
  readonly user: PortUser | null;
  /** The OP iframe exists (loading or loaded): its origin. */
  readonly frame: string | null;
  /** The first answer of this iframe is the positive control (the session_state is fresh). */
  readonly control: boolean;
  /** Every view of this tab is hidden. */
  readonly hidden: boolean;
  /** Current backoff per loop (0: none). */
  readonly backoff: Readonly<Record<Loop, number>>;
  /** The loop breaker's attempts (ms since epoch), as last read from or written to storage. */
  readonly budget: readonly number[];
  /**
   * `removeUser` in flight (the client's unload event it causes is ours, not the app's), and the
   * `ended` event to emit once the user is gone.
   */
  readonly removal: { readonly ended: SessionEventMap['ended'] | null } | null;
  /**
   * The silent re-check episode (since the `changed` that started it): when it began and how many
   * tries failed while the OP answered other requests.
   */
  readonly episode: { readonly since: number; readonly timeouts: number };
  /** OP probe: the OP is unreachable now. */
  readonly outage: boolean;
  /** OP probe: the OP is back, so the next quiet answer is confirmed by a silent re-check. */
  readonly settleTruth: boolean;
  /** Anonymous monitoring: the OP's session_state while nobody is signed in here. */
  readonly anonState: string | null;
  /** Idle sign-out: the shared deadline, while counting down. */
  readonly idle: { readonly deadline: number } | null;
  /** Expiry warnings: the deadline already warned of, per kind. */
  readonly warned: Readonly<Partial<Record<ExpiryKind, number>>>;
}

export const IDLE_VIEW: View = {
  status: 'idle',
  reason: null,
  user: null,
  sessionState: null,
  isPolling: false,
  idle: null,
  expiry: null,
};

/** The state of a session that has not started. */
export function initialState(
  cfg: EngineSettings,
  clientId: string,
  tab: string,
  locks: boolean,
): SessionState {
  return {
    cfg,
    clientId,
    tab,
    locks,
    started: false,
    run: 0,
    view: IDLE_VIEW,
    step: { at: 'rest' },
    role: { kind: 'none' },
    user: null,
    frame: null,
    control: false,
    hidden: false,
    backoff: { poll: 0, discovery: 0, recheck: 0, anon: 0 },
    budget: [],
    removal: null,
    episode: { since: 0, timeouts: 0 },
    outage: false,
    settleTruth: false,
    anonState: null,
    idle: null,
    warned: {},
  };
}
