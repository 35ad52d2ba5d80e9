// One transition being built: the next state (replaced, never mutated in place) and the effects
// asked for, in order. Plus the few moves every concern shares: halt the run, rest, settle,
// schedule the next poll, back off.
import type { CheckAnswer, SessionEventMap, SessionReason } from '../types';
import type { Effect } from './effects';
import type { Loop, SessionState, View } from './state';

/** What a transition returns: the next state and the effects to run, in order. */
export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly Effect[];
}

export class Draft {
  /** The state so far. */
  s: SessionState;
  readonly fx: Effect[] = [];
  /** The OP iframe's answer this transition recorded, for the leader's report. */
  answer: CheckAnswer | null = null;
  /** Report to the followers even if nothing they show changed (a follower said hello). */
  report = false;

  constructor(
    state: SessionState,
    /** The time of the event (ms since epoch). */
    readonly now: number,
  ) {
    this.s = state;
  }

  set(patch: Partial<SessionState>): void {
    this.s = { ...this.s, ...patch };
  }

  show(patch: Partial<View>): void {
    this.s = { ...this.s, view: { ...this.s.view, ...patch } };
  }

  do(...effects: Effect[]): void {
    this.fx.push(...effects);
  }

  emit<K extends keyof SessionEventMap>(name: K, payload: SessionEventMap[K]): void {
    this.fx.push({ type: 'emit', name, payload } as Effect);
  }
}

/** Stop whatever the current run does; its late results will carry an older run id. */
export function halt(d: Draft): void {
  d.do({ type: 'clear-timers' });
  if (d.s.frame !== null) d.do({ type: 'remove-frame' });
  d.set({ run: d.s.run + 1, frame: null, step: { at: 'rest' } });
}

/** A check cycle finished or the run came to rest: resolve `checkNow()` callers. */
export function settle(d: Draft): void {
  d.do({ type: 'settle' });
}

/** Come to rest in `unsupported` or `error` (the user is kept; the lock too, so tabs follow). */
export function rest(
  d: Draft,
  status: 'unsupported' | 'error',
  reason: SessionReason,
  cause?: unknown,
): void {
  halt(d);
  d.show({ status, reason, isPolling: false });
  if (status === 'unsupported') d.emit('unsupported', { reason });
  else d.emit('error', { reason, cause });
  settle(d);
}

/** The visible interval while this tab or a follower is visible, the hidden one otherwise. */
export function interval(s: SessionState): number {
  const { checkInterval: visible, hiddenCheckInterval: hidden } = s.cfg;
  const peers = s.role.kind === 'leader' ? s.role.peers.length : 0;
  return s.hidden && !peers ? Math.max(hidden, visible) : visible;
}

/** Arm the next poll. */
export function schedule(d: Draft, ms = interval(d.s)): void {
  d.set({ step: { at: 'wait' } });
  d.do({ type: 'timer', key: 'poll', ms });
}

/** The next delay of `loop` after a failure: `retryDelay`, doubling up to `maxRetryDelay`. */
export function backOff(d: Draft, loop: Loop): number {
  const { retryDelay, maxRetryDelay } = d.s.cfg;
  const last = d.s.backoff[loop];
  const ms = Math.min(last ? last * 2 : retryDelay, maxRetryDelay);
  d.set({ backoff: { ...d.s.backoff, [loop]: ms } });
  return ms;
}

/** `loop` succeeded: its next failure starts from `retryDelay` again. */
export function recovered(d: Draft, loop: Loop): void {
  if (d.s.backoff[loop]) d.set({ backoff: { ...d.s.backoff, [loop]: 0 } });
}

/** Try `loop` again after its backoff delay. */
export function retry(d: Draft, loop: Exclude<Loop, 'poll'>): void {
  d.set({ step: { at: 'retry', loop } });
  d.do({ type: 'timer', key: 'retry', ms: backOff(d, loop) });
}
