// Everything that can happen to a session, as data: calls from the app, page lifecycle, the
// client's user events, messages from other tabs, and the results of effects. Results of async
// effects carry the `run` that asked for them; the runtime drops those of a finished run.
import type { PortUser, SilentCheckResult } from '../client-port';
import type { TabMessage } from '../tab-messages';
import type { SessionReason } from '../types';

/** Timers are keyed: arming a key replaces its pending timer. */
export type TimerKey = 'poll' | 'retry' | 'reply' | 'frame' | 'probe';

/** What the runtime reads from storage when it hands over the client's user. */
export interface Stored {
  /** The `session_state` marked fresh in this tab (loaded here, control not yet run). */
  readonly fresh: string | null;
  /** The per-browser verdict of the positive control: `works`, `blocked` or absent. */
  readonly verdict: string | null;
  /** The loop breaker's attempts. */
  readonly budget: readonly number[];
}

export type EngineEvent =
  // The app.
  | { readonly type: 'start'; readonly hidden: boolean }
  | { readonly type: 'stop' }
  | { readonly type: 'check-now' }
  /** `stayActive()`: the app says the user is here. */
  | { readonly type: 'stay-active' }
  /** Pointer, key or the page shown again (idle sign-out's watcher, throttled there). */
  | { readonly type: 'activity' }
  /** Idle sign-out's one timer (not part of a monitoring run, so never dropped as stale). */
  | { readonly type: 'idle-timer' }
  /** Expiry warnings' one timer (not part of a monitoring run either). */
  | { readonly type: 'expiry-timer' }
  /** The local part of `signOut()`. */
  | { readonly type: 'sign-out' }
  /** A signal (e.g. back-channel events) ended `sub`'s session. */
  | { readonly type: 'signal-end'; readonly reason: SessionReason; readonly sub: string }
  // The page.
  /** Visible, focused or online again (or hidden: `hidden`). */
  | { readonly type: 'wake'; readonly hidden: boolean }
  /** Frozen or hidden for good (Page Lifecycle `freeze`, `pagehide`). */
  | { readonly type: 'freeze' }
  /** Back from the bfcache or a freeze. */
  | { readonly type: 'resume' }
  // The client (oidc-client-ts).
  | { readonly type: 'user-loaded'; readonly user: PortUser }
  | { readonly type: 'user-unloaded' }
  | { readonly type: 'renew-refused' }
  // The other tabs (validated messages only).
  | { readonly type: 'tab'; readonly message: TabMessage }
  // The OP iframe (origin, window and type already checked by the runtime).
  | { readonly type: 'answer'; readonly answer: 'unchanged' | 'changed' | 'error' }
  // Results of effects.
  | { readonly type: 'timer'; readonly run: number; readonly key: TimerKey }
  | {
      readonly type: 'user';
      readonly run: number;
      readonly user: PortUser | null;
      readonly stored: Stored;
    }
  /** The lock's first answer for the candidate's user (a released request never answers). */
  | { readonly type: 'lock'; readonly leads: boolean }
  /** A queued lock request for `sub` was granted: the leader went away. */
  | { readonly type: 'lock-granted'; readonly sub: string }
  /**
   * `url` undefined: the OP has no check_session_iframe; `origin`: its origin, empty when it has
   * none usable; `failed`: discovery did not answer.
   */
  | {
      readonly type: 'discovered';
      readonly run: number;
      readonly url: string | undefined;
      readonly origin: string;
      readonly failed: boolean;
    }
  | { readonly type: 'frame-loaded'; readonly run: number }
  /** `result` null: a transient failure (network, timeout, `server_error`), `cause`. */
  | {
      readonly type: 'silent';
      readonly run: number;
      readonly result: SilentCheckResult | null;
      readonly cause?: unknown;
    }
  /** Whether the app is on the same site as the OP iframe. */
  | { readonly type: 'same-site'; readonly run: number; readonly sameSite: boolean }
  | { readonly type: 'stored'; readonly run: number }
  | { readonly type: 'removed' }
  | { readonly type: 'probed'; readonly run: number; readonly ok: boolean };
