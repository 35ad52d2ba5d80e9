// Idle sign-out as transitions: the shared deadline, the countdown, activity from this tab and
// from others, expiry. No DOM, no timers.
import { describe, expect, it } from 'vitest';
import { idleSignOut } from '../../src/idle-sign-out';
import type { SessionState } from '../../src/engine/state';
import { transition } from '../../src/engine/transition';
import type { EngineEvent } from '../../src/engine/events';
import { NOW, polling, types } from './table';

const at = (state: SessionState, event: EngineEvent, ms: number) =>
  transition(state, event, NOW + ms);
const idle = (signOut: 'redirect' | 'post' | 'local' = 'local') =>
  polling({ idle: idleSignOut({ timeout: 10000, warnBefore: 5000, signOut }) });

describe('idle sign-out transitions', () => {
  it('a signed-in, started session counts down from one deadline and tells the other tabs', () => {
    const s = idle();
    expect(s.idle).toEqual({ deadline: NOW + 10000 });
    expect(s.view.idle).toBeNull();
  });

  it('the warning shows the seconds left, one step per second, with an event each', () => {
    let s = idle();
    let t = at(s, { type: 'idle-timer' }, 5000);
    expect(t.state.view.idle).toEqual({ deadline: NOW + 10000, secondsLeft: 5 });
    expect(t.effects).toContainEqual({
      type: 'emit',
      name: 'idleWarning',
      payload: { deadline: NOW + 10000, secondsLeft: 5 },
    });
    expect(t.effects).toContainEqual({ type: 'idle-timer', ms: 1000 });
    s = t.state;
    t = at(s, { type: 'idle-timer' }, 6000);
    expect(t.state.view.idle?.secondsLeft).toBe(4);
  });

  it('local activity is throttled to one reset per second, and each reset is told to the tabs', () => {
    const s = idle();
    expect(at(s, { type: 'activity' }, 500).effects).toEqual([]);
    const t = at(s, { type: 'activity' }, 1500);
    expect(t.state.idle).toEqual({ deadline: NOW + 11500 });
    expect(t.effects).toContainEqual({
      type: 'post-tab',
      message: { type: 'activity', sub: 'alice', at: NOW + 1500 },
    });
    // stayActive() is never throttled.
    expect(at(s, { type: 'stay-active' }, 10).state.idle).toEqual({ deadline: NOW + 10010 });
  });

  it("another tab's activity clears the warning without echo; an older one changes nothing", () => {
    const warned = at(idle(), { type: 'idle-timer' }, 5000).state;
    const tab = (ms: number): EngineEvent => ({
      type: 'tab',
      message: { type: 'activity', sub: 'alice', at: NOW + ms },
    });
    const t = at(warned, tab(6000), 6000);
    expect(t.state.view.idle).toBeNull();
    expect(t.state.idle).toEqual({ deadline: NOW + 16000 });
    expect(types(t.effects)).toEqual(['idle-timer']);
    expect(t.effects).toContainEqual({ type: 'idle-timer', ms: 5000 });
    expect(at(warned, tab(-1000), 6000).effects).toEqual([]);
    // A deadline from the future is clamped to now.
    expect(at(warned, tab(999999), 6000).state.idle).toEqual({ deadline: NOW + 16000 });
    // Another user's activity is not ours.
    const bob: EngineEvent = {
      type: 'tab',
      message: { type: 'activity', sub: 'bob', at: NOW + 6000 },
    };
    expect(at(warned, bob, 6000).state.idle).toEqual({ deadline: NOW + 10000 });
  });

  it('at the deadline the tab signs out with reason idle and tells the others (local)', () => {
    const t = at(idle(), { type: 'idle-timer' }, 10000);
    expect(t.state.view).toMatchObject({
      status: 'signed-out',
      reason: 'idle',
      user: null,
      idle: null,
    });
    expect(t.effects).toContainEqual({
      type: 'post-tab',
      message: { type: 'end', status: 'signed-out', reason: 'idle', sub: 'alice' },
    });
    expect(types(t.effects)).toContain('remove-user');
    expect(types(t.effects)).not.toContain('end-at-op');
    expect(t.effects).toContainEqual({ type: 'idle-timer', ms: null });
  });

  it('by default it also ends the OP session (RP-initiated, redirect or post)', () => {
    for (const mode of ['redirect', 'post'] as const) {
      const t = at(idle(mode), { type: 'idle-timer' }, 10000);
      expect(t.effects).toContainEqual(expect.objectContaining({ type: 'end-at-op', mode }));
    }
  });

  it('a follower waits 500 ms past the deadline, so the leader normally signs out first', () => {
    const s = idle();
    const follower: SessionState = {
      ...s,
      role: { kind: 'follower', sub: 'alice', leaderTab: 'x' },
    };
    const t = at(follower, { type: 'idle-timer' }, 10000);
    expect(t.state.view.status).toBe('active');
    expect(t.state.view.idle?.secondsLeft).toBe(0);
    expect(t.effects).toContainEqual({ type: 'idle-timer', ms: 500 });
    expect(at(t.state, { type: 'idle-timer' }, 10500).state.view.reason).toBe('idle');
  });

  it('stop() and a sign-out clear the countdown and its timer', () => {
    const warned = at(idle(), { type: 'idle-timer' }, 5000).state;
    for (const e of [{ type: 'stop' }, { type: 'sign-out' }] as const) {
      const t = at(warned, e, 6000);
      expect(t.state.idle).toBeNull();
      expect(t.state.view.idle).toBeNull();
      expect(t.effects).toContainEqual({ type: 'idle-timer', ms: null });
    }
  });

  it('without the option nothing counts down', () => {
    const s = polling();
    expect(s.idle).toBeNull();
    expect(types(at(s, { type: 'activity' }, 5000).effects)).toEqual([]);
  });
});
