// The messages between the tabs of one app, and their strict parser: anything that is not one of
// the four shapes, with every field the engine reads checked, is dropped. Pure (no DOM).
import type { CheckAnswer, SessionReason } from './types';

/** One tab ended or signed out the session: the others follow. */
export interface EndMessage {
  readonly type: 'end';
  readonly status: 'ended' | 'signed-out';
  readonly reason: SessionReason;
  /** The user it applies to; tabs holding another user ignore it. */
  readonly sub: string | null;
}

/** The leader's view after a check or a status change, for the tabs that follow it. */
export interface StateMessage {
  readonly type: 'state';
  /** The leader tab's id (a new id means a new leader). */
  readonly tab: string;
  readonly sub: string;
  readonly status: 'starting' | 'active' | 'reauthenticating' | 'unsupported' | 'error';
  readonly reason: SessionReason | null;
  readonly sessionState: string | null;
  /** What the OP iframe answered, when this message reports a check. */
  readonly answer: CheckAnswer | null;
}

/** A follower tab: joined, became visible or hidden, or wants a check now. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly tab: string;
  readonly sub: string;
  readonly visible: boolean;
  readonly check: boolean;
}

/** Idle sign-out: the user was active in a tab at `at` (ms since epoch). */
export interface ActivityMessage {
  readonly type: 'activity';
  readonly sub: string;
  readonly at: number;
}

/** What one tab tells the others. */
export type TabMessage = EndMessage | StateMessage | HelloMessage | ActivityMessage;

const REASONS = new Set<unknown>([
  'op-logout',
  'user-switched',
  'other-tab',
  'signed-out',
  'frontchannel-logout',
  'backchannel-logout',
  'no-check-session-iframe',
  'no-session-state',
  'iframe-timeout',
  'third-party-cookies-blocked',
  'op-iframe-broken',
  'op-error',
  'reauth-rejected',
  'reauth-loop',
  'reauth-timeout',
  'op-unreachable',
  'idle',
] satisfies SessionReason[]);
const LED = new Set<unknown>(['starting', 'active', 'reauthenticating', 'unsupported', 'error']);
const ANSWERS = new Set<unknown>(['unchanged', 'changed', 'error', 'timeout', null]);

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 2048;
const strOrNull = (v: unknown) => v === null || str(v);

/**
 * Parse an incoming message strictly; `null` for anything that is not one of the four shapes
 * with every field the engine reads checked against its closed set or type.
 */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  const ok =
    m.type === 'end'
      ? (m.status === 'ended' || m.status === 'signed-out') &&
        REASONS.has(m.reason) &&
        strOrNull(m.sub)
      : m.type === 'state'
        ? str(m.tab) &&
          str(m.sub) &&
          LED.has(m.status) &&
          (m.reason === null || REASONS.has(m.reason)) &&
          strOrNull(m.sessionState) &&
          ANSWERS.has(m.answer)
        : m.type === 'hello'
          ? str(m.tab) &&
            str(m.sub) &&
            typeof m.visible === 'boolean' &&
            typeof m.check === 'boolean'
          : m.type === 'activity' && str(m.sub) && Number.isFinite(m.at);
  // Every field the engine reads has been checked; other fields are never read.
  return ok ? (m as unknown as TabMessage) : null;
}
