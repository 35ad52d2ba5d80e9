// What a transition asks the runtime to do, as data. Effects that have a result report it back as
// an event (see events.ts) tagged with the run that asked.
import type { PortUser } from '../client-port';
import type { TabMessage } from '../tab-messages';
import type { CheckAnswer, SessionEventMap, SessionUser } from '../types';
import type { TimerKey } from './events';

/** A one-off event for the app's `on()` listeners. */
export type Emit = {
  [K in keyof SessionEventMap]: {
    readonly type: 'emit';
    readonly name: K;
    readonly payload: SessionEventMap[K];
  };
}[keyof SessionEventMap];

/** Storage the engine keeps: per tab (`fresh`, `reauth`) or per browser (`verdict`). */
export type StorageKey = 'fresh' | 'reauth' | 'verdict';

export type Effect =
  /** Hand over the client's user (`held`: this one, without asking the client) with `Stored`. */
  | { readonly type: 'get-user'; readonly held: PortUser | null }
  | { readonly type: 'lock'; readonly sub: string }
  | { readonly type: 'unlock' }
  | { readonly type: 'discover' }
  | { readonly type: 'load-frame'; readonly url: string; readonly origin: string }
  | { readonly type: 'remove-frame' }
  | { readonly type: 'post-check'; readonly message: string }
  | { readonly type: 'timer'; readonly key: TimerKey; readonly ms: number }
  | { readonly type: 'clear-timer'; readonly key: TimerKey }
  /** Stop every timer of the run (it is over). */
  | { readonly type: 'clear-timers' }
  /** `reauth`: a re-check of the user (counted in stats), not an anonymous one. */
  | { readonly type: 'silent-check'; readonly reauth: boolean }
  | { readonly type: 'store-session-state'; readonly sessionState: string }
  | { readonly type: 'remove-user' }
  /** Is the OP reachable at all? (the iframe URL, or the issuer before any iframe loaded) */
  | { readonly type: 'probe' }
  /** Is the app on the same site as the OP iframe at `origin`? */
  | { readonly type: 'same-site'; readonly origin: string }
  | { readonly type: 'post-tab'; readonly message: TabMessage }
  | { readonly type: 'write'; readonly key: StorageKey; readonly value: string | null }
  /** Arm idle sign-out's one timer (`null`: clear it); it outlives monitoring runs. */
  | { readonly type: 'idle-timer'; readonly ms: number | null }
  /** Arm the expiry warnings' one timer (`null`: clear it). */
  | { readonly type: 'expiry-timer'; readonly ms: number | null }
  /** After an idle sign-out: end the OP session too (RP-initiated logout as `mode`). */
  | {
      readonly type: 'end-at-op';
      readonly user: PortUser | null;
      readonly mode: 'redirect' | 'post';
    }
  | { readonly type: 'start-signals'; readonly user: SessionUser }
  | { readonly type: 'stop-signals' }
  /** A check completed (`own`: this tab's iframe answered; else a leader's report). */
  | {
      readonly type: 'checked';
      readonly answer: CheckAnswer;
      readonly at: number;
      readonly own: boolean;
    }
  /** Resolve pending `checkNow()` calls with the snapshot. */
  | { readonly type: 'settle' }
  | Emit;
