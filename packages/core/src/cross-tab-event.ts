// The payload of the `crossTab` event (see cross-tab-events.ts, which emits it).
import type { CheckAnswer, SessionStatus } from './types';

/**
 * A message this tab sent to, or received from, the other tabs of this app (for timelines and
 * debugging; the session acts on them by itself). `state`: the polling tab reports its status
 * and, after a check, the OP's answer; `hello`: a tab that follows joined, was shown or hidden;
 * `end`: a tab signed out or saw the session end; `activity`: the user was active in a tab
 * (option `idleSignOut`). A received message is reported before the session acts on it.
 */
export interface CrossTabEvent {
  /** Whether this tab sent the message or received it. */
  readonly direction: 'sent' | 'received';
  /** The kind of message. */
  readonly type: 'state' | 'hello' | 'end' | 'activity';
  /** The sending tab's random id (`state`, `hello`); `null` for `end` and `activity`. */
  readonly tab: string | null;
  /** The status the message reports (`state`, `end`); `null` otherwise. */
  readonly status: SessionStatus | null;
  /** `state` after a check: what the OP iframe answered; otherwise `null`. */
  readonly answer: CheckAnswer | null;
}
