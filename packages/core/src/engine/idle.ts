// Opt-in: idle sign-out. One deadline per browser: activity in any tab moves it and is passed to
// the other tabs (throttled), so every tab counts down to the same instant. During the last
// `warnBefore` ms the snapshot shows the countdown; at the deadline the tab signs out with reason
// `idle` and tells the others. Followers wait a moment longer, so the leader normally ends it.
import { type Draft } from './draft';
import type { IdleFeature } from './feature';
import { dropUser } from './sign-out';

/** The resolved options of `idleSignOut()`. */
export interface IdleSettings {
  readonly timeout: number;
  readonly warnBefore: number;
  readonly signOut: 'redirect' | 'post' | 'local';
}

/** Local activity moves the deadline at most once per this many ms (and tells the tabs once). */
export const ACTIVITY_THROTTLE = 1000;
/** A follower signs out this long after the deadline unless the leader's `end` came first. */
export const FOLLOWER_GRACE = 500;

/** The pure steps of idle sign-out (the DOM watcher is added by `idleSignOut()`). */
export function idleSteps(o: IdleSettings): Omit<IdleFeature, 'watch'> {
  const { timeout, warnBefore } = o;

  /** Show the countdown if due and arm the one idle timer for the next thing to do. */
  function plan(d: Draft): void {
    const deadline = d.s.idle!.deadline;
    const left = deadline - d.now;
    const grace = d.s.role.kind === 'follower' ? FOLLOWER_GRACE : 0;
    if (left + grace <= 0) return expire(d);
    if (left > warnBefore) {
      if (d.s.view.idle) d.show({ idle: null });
      return d.do({ type: 'idle-timer', ms: left - warnBefore });
    }
    const secondsLeft = Math.max(0, Math.ceil(left / 1000));
    const shown = d.s.view.idle;
    if (shown?.secondsLeft !== secondsLeft || shown.deadline !== deadline) {
      const countdown = { deadline, secondsLeft };
      d.show({ idle: countdown });
      d.emit('idleWarning', countdown);
    }
    // Wake at the next whole second left (or the deadline, or the end of a follower's grace).
    d.do({ type: 'idle-timer', ms: left > 0 ? left - (secondsLeft - 1) * 1000 : left + grace });
  }

  function expire(d: Draft): void {
    const user = d.s.user;
    stop(d);
    dropUser(d, 'signed-out', 'idle');
    if (o.signOut !== 'local') d.do({ type: 'end-at-op', user, mode: o.signOut });
  }

  function stop(d: Draft): void {
    d.set({ idle: null });
    d.show({ idle: null });
    d.do({ type: 'idle-timer', ms: null });
  }

  /** A new deadline from activity at `at`; `tell`: pass it to the other tabs. */
  function reset(d: Draft, at: number, tell: boolean): void {
    d.set({ idle: { deadline: at + timeout } });
    const sub = d.s.view.user?.sub;
    if (tell && sub) d.do({ type: 'post-tab', message: { type: 'activity', sub, at } });
    plan(d);
  }

  return {
    sync(d) {
      const on = d.s.started && d.s.view.user !== null;
      if (on && !d.s.idle) reset(d, d.now, true);
      else if (!on && d.s.idle) stop(d);
    },
    onActivity(d, force) {
      const idle = d.s.idle;
      if (!idle || (!force && d.now - (idle.deadline - timeout) < ACTIVITY_THROTTLE)) return;
      reset(d, d.now, true);
    },
    onTabActivity(d, at) {
      const idle = d.s.idle;
      // Never a deadline later than one from activity now (another tab's clock is ours, but check).
      const from = Math.min(at, d.now);
      if (idle && from + timeout > idle.deadline) reset(d, from, false);
    },
    onTimer(d) {
      if (d.s.idle) plan(d);
    },
  };
}
