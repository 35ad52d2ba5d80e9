// @vitest-environment node
// Table tests of the pure transitions: state + event -> state + effects. No DOM, no timers.
import { describe, expect, it } from 'vitest';
import { anonymousSessions } from '../../src/engine/anonymous';
import { opProbe } from '../../src/engine/probe';
import type { EngineEvent } from '../../src/engine/events';
import { transition } from '../../src/engine/transition';
import { ALICE, feed, idle, NOTHING_STORED, NOW, polling, types } from './table';

describe('monitor', () => {
  it('start: shows starting and asks for the user', () => {
    const { state, effects } = feed(idle(), [{ type: 'start', hidden: false }]);
    expect(state.view).toMatchObject({ status: 'starting', isPolling: false });
    expect(state.step).toEqual({ at: 'user' });
    expect(effects).toContainEqual({ type: 'get-user', held: null });
  });

  it('a user, no locks: leads and discovers the iframe; signals start', () => {
    let { state } = feed(idle(), [{ type: 'start', hidden: false }]);
    const t = transition(
      state,
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      NOW,
    );
    state = t.state;
    expect(state.role).toEqual({ kind: 'leader', sub: 'alice', peers: [] });
    expect(state.step).toEqual({ at: 'discovery' });
    expect(types(t.effects)).toEqual(['stop-signals', 'start-signals', 'discover']);
  });

  it('first unchanged answer: active, polling, next poll in checkInterval, fresh marker cleared', () => {
    const state = polling();
    expect(state.view).toMatchObject({ status: 'active', reason: null, isPolling: true });
    expect(state.step).toEqual({ at: 'wait' });
  });

  it.each([
    [{ type: 'timer', run: 0, key: 'poll' }, 'post-check'],
    [{ type: 'wake', hidden: false }, 'post-check'],
    [{ type: 'check-now' }, 'post-check'],
  ] as Array<[EngineEvent, string]>)('%o while waiting posts one check', (event, effect) => {
    const state = polling();
    const e = event.type === 'timer' ? { ...event, run: state.run } : event;
    const t = transition(state, e, NOW);
    expect(types(t.effects)).toContain(effect);
    expect(t.effects).toContainEqual({ type: 'post-check', message: 'spa state-1' });
    expect(t.state.step).toEqual({ at: 'check', first: false });
    // A second wake while the check is in flight posts nothing.
    expect(types(transition(t.state, { type: 'wake', hidden: false }, NOW).effects)).toEqual([]);
  });

  it('a reply timeout on a loaded iframe backs off: 1 s, then 2 s; never ends', () => {
    let state = polling();
    const delays: number[] = [];
    for (let i = 0; i < 2; i++) {
      state = transition(state, { type: 'timer', run: state.run, key: 'poll' }, NOW).state;
      const t = transition(state, { type: 'timer', run: state.run, key: 'reply' }, NOW);
      state = t.state;
      const timer = t.effects.find((e) => e.type === 'timer');
      delays.push(timer && 'ms' in timer ? timer.ms : -1);
      expect(t.effects).toContainEqual({ type: 'checked', answer: 'timeout', at: NOW, own: true });
    }
    expect(delays).toEqual([1000, 2000]);
    expect(state.view.status).toBe('active');
  });

  it('an `error` answer rests in error without a silent request', () => {
    let state = polling();
    state = transition(state, { type: 'timer', run: state.run, key: 'poll' }, NOW).state;
    const t = transition(state, { type: 'answer', answer: 'error' }, NOW);
    expect(t.state.view).toMatchObject({ status: 'error', reason: 'op-error', isPolling: false });
    expect(types(t.effects)).not.toContain('silent-check');
    expect(types(t.effects)).toContain('remove-frame');
  });

  it('an answer with no check in flight changes nothing', () => {
    const state = polling();
    const t = transition(state, { type: 'answer', answer: 'changed' }, NOW);
    expect(t.state).toBe(state);
    expect(t.effects).toEqual([]);
  });
});

describe('silent re-check and loop breaker', () => {
  function changed(cfg = {}, budget: number[] = []) {
    let state = polling(cfg, { ...NOTHING_STORED, budget });
    state = transition(state, { type: 'timer', run: state.run, key: 'poll' }, NOW).state;
    return transition(state, { type: 'answer', answer: 'changed' }, NOW);
  }

  it('changed: reauthenticating, one silent check, charged to the budget', () => {
    const t = changed();
    expect(t.state.view.status).toBe('reauthenticating');
    expect(t.effects).toContainEqual({ type: 'silent-check', reauth: true });
    expect(t.effects).toContainEqual({
      type: 'write',
      key: 'reauth',
      value: JSON.stringify([NOW]),
    });
  });

  it('a spent budget gives error / reauth-loop and no silent check', () => {
    const t = changed({}, [NOW - 3, NOW - 2, NOW - 1]);
    expect(t.state.view).toMatchObject({ status: 'error', reason: 'reauth-loop' });
    expect(types(t.effects)).not.toContain('silent-check');
  });

  it.each([
    [{ kind: 'login-required', error: 'login_required', sessionState: null }, 'ended', 'op-logout'],
    [{ kind: 'session', sub: 'mallory', sessionState: 'x' }, 'ended', 'user-switched'],
    [{ kind: 'rejected', error: 'invalid_request', description: null }, 'error', 'reauth-rejected'],
  ] as const)('result %o -> %s / %s', (result, status, reason) => {
    const { state } = changed();
    const t = transition(state, { type: 'silent', run: state.run, result }, NOW);
    expect(t.state.view).toMatchObject({ status, reason });
  });

  it('a failed request asks whether the OP is reachable: no, keep retrying (op-unreachable)', () => {
    let { state } = changed();
    const cause = new Error('IFrame timed out');
    for (let i = 0; i < 5; i++) {
      let t = transition(state, { type: 'silent', run: state.run, result: null, cause }, NOW);
      expect(t.effects).toEqual([{ type: 'probe' }]);
      t = transition(t.state, { type: 'probed', run: state.run, ok: false }, NOW + 120000);
      expect(t.state.view).toMatchObject({ status: 'reauthenticating', reason: 'op-unreachable' });
      expect(t.state.step).toEqual({ at: 'retry', loop: 'recheck' });
      state = transition(t.state, { type: 'timer', run: state.run, key: 'retry' }, NOW).state;
    }
  });

  it('a reachable OP that never answers the re-check: error / reauth-timeout on the 3rd try', () => {
    let { state } = changed();
    const cause = new Error('IFrame timed out');
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      state = feed(state, [
        { type: 'silent', run: state.run, result: null, cause },
        { type: 'probed', run: state.run, ok: true },
      ]).state;
      statuses.push(`${state.view.status}/${state.view.reason}`);
      state = transition(state, { type: 'timer', run: state.run, key: 'retry' }, NOW).state;
    }
    expect(statuses).toEqual([
      'reauthenticating/null',
      'reauthenticating/null',
      'error/reauth-timeout',
    ]);
  });

  it('... or after a minute in reauthenticating, whatever the count', () => {
    const { state } = changed();
    const t = feed(
      state,
      [
        { type: 'silent', run: state.run, result: null },
        { type: 'probed', run: state.run, ok: true },
      ],
      NOW + 60000,
    );
    expect(t.state.view).toMatchObject({ status: 'error', reason: 'reauth-timeout' });
  });

  it('an end shows at once, removes the user after, and emits `ended` once it is gone', () => {
    const { state } = changed();
    const result = { kind: 'login-required', error: 'login_required', sessionState: null } as const;
    const t = transition(state, { type: 'silent', run: state.run, result }, NOW);
    expect(t.state.view).toMatchObject({ status: 'ended', user: null });
    expect(types(t.effects)).toContain('remove-user');
    expect(types(t.effects)).not.toContain('emit');
    const after = transition(t.state, { type: 'removed' }, NOW);
    expect(after.effects).toEqual([
      { type: 'emit', name: 'ended', payload: { reason: 'op-logout', user: state.view.user } },
    ]);
  });

  it('same sub: stores the new session_state, then active with it', () => {
    let { state } = changed();
    const result = { kind: 'session', sub: 'alice', sessionState: 'state-2' } as const;
    const t = transition(state, { type: 'silent', run: state.run, result }, NOW);
    expect(t.effects).toContainEqual({ type: 'store-session-state', sessionState: 'state-2' });
    state = transition(t.state, { type: 'stored', run: t.state.run }, NOW).state;
    expect(state.view).toMatchObject({ status: 'active', sessionState: 'state-2' });
  });
});

describe('positive control', () => {
  it('a fresh session_state not confirmed: unsupported, blamed on the site, no re-check', () => {
    let { state } = feed(idle(), [{ type: 'start', hidden: false }]);
    const stored = { ...NOTHING_STORED, fresh: 'state-1' };
    const t = feed(state, [
      { type: 'user', run: state.run, user: ALICE, stored },
      {
        type: 'discovered',
        run: state.run,
        url: 'https://op.example/c',
        origin: 'https://op.example',
        failed: false,
      },
      { type: 'frame-loaded', run: state.run },
      { type: 'answer', answer: 'changed' },
    ]);
    state = t.state;
    expect(t.effects).toContainEqual({ type: 'same-site', origin: 'https://op.example' });
    expect(types(t.effects)).not.toContain('silent-check');
    for (const [sameSite, reason, verdict] of [
      [false, 'third-party-cookies-blocked', 'blocked'],
      [true, 'op-iframe-broken', 'broken'],
    ] as const) {
      const judged = transition(state, { type: 'same-site', run: state.run, sameSite }, NOW);
      expect(judged.state.view).toMatchObject({ status: 'unsupported', reason });
      expect(judged.effects).toContainEqual({ type: 'write', key: 'verdict', value: verdict });
      expect(types(judged.effects)).not.toContain('silent-check');
    }
  });

  it('a stored `blocked` verdict and nothing fresh: unsupported at once, no iframe', () => {
    const { state } = feed(idle(), [{ type: 'start', hidden: false }]);
    const t = transition(
      state,
      {
        type: 'user',
        run: state.run,
        user: ALICE,
        stored: { ...NOTHING_STORED, verdict: 'blocked' },
      },
      NOW,
    );
    expect(t.state.view.status).toBe('unsupported');
    expect(types(t.effects)).not.toContain('discover');
  });
});

describe('leadership', () => {
  it('with Web Locks: candidate, then follower on a busy lock, which says hello', () => {
    let state = idle({}, true);
    ({ state } = feed(state, [{ type: 'start', hidden: false }]));
    let t = transition(
      state,
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      NOW,
    );
    expect(t.state.role).toEqual({ kind: 'candidate', sub: 'alice' });
    expect(t.effects).toContainEqual({ type: 'lock', sub: 'alice' });
    t = transition(t.state, { type: 'lock', leads: false }, NOW);
    expect(t.state.role).toMatchObject({ kind: 'follower', sub: 'alice' });
    expect(t.effects).toContainEqual({
      type: 'post-tab',
      message: { type: 'hello', tab: 'tab-1', sub: 'alice', visible: true, check: true },
    });
  });

  it('a follower mirrors a report and adopts a new session_state', () => {
    let state = idle({}, true);
    ({ state } = feed(state, [{ type: 'start', hidden: false }]));
    ({ state } = feed(state, [
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      { type: 'lock', leads: false },
    ]));
    const t = transition(
      state,
      {
        type: 'tab',
        message: {
          type: 'state',
          tab: 'tab-0',
          sub: 'alice',
          status: 'active',
          reason: null,
          sessionState: 'state-2',
          answer: 'unchanged',
        },
      },
      NOW,
    );
    expect(t.state.view).toMatchObject({
      status: 'active',
      sessionState: 'state-2',
      isPolling: false,
    });
    expect(t.effects).toContainEqual({ type: 'store-session-state', sessionState: 'state-2' });
    expect(t.effects).toContainEqual({ type: 'checked', answer: 'unchanged', at: NOW, own: false });
  });

  it('a leader with Web Locks reports each answer to the followers', () => {
    let state = idle({}, true);
    ({ state } = feed(state, [{ type: 'start', hidden: false }]));
    const t = feed(state, [
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      { type: 'lock', leads: true },
      {
        type: 'discovered',
        run: state.run,
        url: 'https://op.example/c',
        origin: 'https://op.example',
        failed: false,
      },
      { type: 'frame-loaded', run: state.run },
      { type: 'answer', answer: 'unchanged' },
    ]);
    expect(t.effects.filter((e) => e.type === 'post-tab').at(-1)).toEqual({
      type: 'post-tab',
      message: {
        type: 'state',
        tab: 'tab-1',
        sub: 'alice',
        status: 'active',
        reason: null,
        sessionState: 'state-1',
        answer: 'unchanged',
      },
    });
  });

  it('a lone leader posts nothing per quiet check; once a follower says hello, each answer', () => {
    let state = idle({}, true);
    ({ state } = feed(state, [{ type: 'start', hidden: false }]));
    ({ state } = feed(state, [
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      { type: 'lock', leads: true },
      {
        type: 'discovered',
        run: state.run,
        url: 'https://op.example/c',
        origin: 'https://op.example',
        failed: false,
      },
      { type: 'frame-loaded', run: state.run },
      { type: 'answer', answer: 'unchanged' },
    ]));
    const quiet = () =>
      feed(state, [
        { type: 'timer', run: state.run, key: 'poll' },
        { type: 'answer', answer: 'unchanged' },
      ]);
    expect(types(quiet().effects)).not.toContain('post-tab');
    const hello = { type: 'hello', tab: 'tab-2', sub: 'alice', visible: false, check: false };
    state = transition(state, { type: 'tab', message: hello } as EngineEvent, NOW).state;
    expect(quiet().effects.filter((e) => e.type === 'post-tab')).toHaveLength(1);
  });

  it('a sign-out tells the other tabs first, before this tab removes its iframe or its user', () => {
    const state = polling();
    const t = transition(state, { type: 'sign-out' }, NOW);
    expect(t.effects[0]).toEqual({
      type: 'post-tab',
      message: { type: 'end', status: 'signed-out', reason: 'signed-out', sub: 'alice' },
    });
    expect(types(t.effects)).toEqual(expect.arrayContaining(['remove-frame', 'remove-user']));
  });

  it('an `end` from another tab for another user is ignored', () => {
    const state = polling();
    const t = transition(
      state,
      { type: 'tab', message: { type: 'end', status: 'ended', reason: 'op-logout', sub: 'bob' } },
      NOW,
    );
    expect(t.state).toBe(state);
  });
});

describe('opt-in features', () => {
  it('the probe arms itself on the first answer; an outage shows op-unreachable', () => {
    const state = polling({ probe: opProbe() });
    const t = transition(state, { type: 'probed', run: state.run, ok: false }, NOW);
    expect(t.state.view).toMatchObject({ status: 'active', reason: 'op-unreachable' });
    expect(t.effects).toContainEqual({ type: 'timer', key: 'probe', ms: 2000 });
  });

  it('without the probe, a probe result changes nothing', () => {
    const state = polling();
    expect(transition(state, { type: 'probed', run: state.run, ok: false }, NOW).state).toBe(state);
  });

  it('anonymous: no user asks the OP once, charged to the loop breaker', () => {
    const { state } = feed(idle({ anonymous: anonymousSessions() }), [
      { type: 'start', hidden: false },
    ]);
    const t = transition(
      state,
      { type: 'user', run: state.run, user: null, stored: NOTHING_STORED },
      NOW,
    );
    expect(t.state.view.status).toBe('signed-out');
    expect(t.effects).toContainEqual({ type: 'silent-check', reauth: false });
    const spent = transition(
      state,
      {
        type: 'user',
        run: state.run,
        user: null,
        stored: { ...NOTHING_STORED, budget: [NOW, NOW, NOW] },
      },
      NOW,
    );
    expect(types(spent.effects)).not.toContain('silent-check');
  });
});

describe('lifecycle', () => {
  it('a frozen leader lets go of the lock and the iframe, keeping its status', () => {
    const state = polling({}, NOTHING_STORED);
    const t = transition(state, { type: 'freeze' }, NOW);
    expect(t.state.role).toEqual({ kind: 'none' });
    expect(t.state.view).toMatchObject({ status: 'active', isPolling: false });
    expect(types(t.effects)).toEqual(['unlock', 'clear-timers', 'remove-frame']);
  });

  it('a queued lock granted: lead with the user held here (no new read of the client)', () => {
    let state = idle({}, true);
    ({ state } = feed(state, [{ type: 'start', hidden: false }]));
    ({ state } = feed(state, [
      { type: 'user', run: state.run, user: ALICE, stored: NOTHING_STORED },
      { type: 'lock', leads: false },
    ]));
    const t = transition(state, { type: 'lock-granted', sub: 'alice' }, NOW);
    expect(t.state.role).toMatchObject({ kind: 'leader', sub: 'alice' });
    expect(t.state.run).toBe(state.run + 1);
    expect(t.effects).toContainEqual({ type: 'get-user', held: ALICE });
    expect(t.state.view).toBe(state.view); // keeps what it shows: no flash of `starting`
  });

  it('a lock granted for a user this tab no longer holds changes nothing', () => {
    const state = polling();
    expect(transition(state, { type: 'lock-granted', sub: 'bob' }, NOW).state).toBe(state);
  });

  it('a renew that keeps the session_state keeps the poll; a new one restarts with the control', () => {
    const state = polling();
    const same = transition(state, { type: 'user-loaded', user: { ...ALICE } }, NOW);
    expect(same.effects).toEqual([]);
    const renewed = transition(
      state,
      { type: 'user-loaded', user: { ...ALICE, sessionState: 'state-2' } },
      NOW,
    );
    expect(renewed.effects[0]).toEqual({ type: 'write', key: 'fresh', value: 'state-2' });
    expect(renewed.state.view.status).toBe('starting');
  });

  it('the unload our own removal causes is ignored; an unload by the app signs out', () => {
    const state = polling();
    const ending = transition(state, { type: 'renew-refused' }, NOW).state;
    expect(ending.view).toMatchObject({ status: 'ended', reason: 'op-logout' });
    expect(transition(ending, { type: 'user-unloaded' }, NOW).state).toBe(ending);
    const unloaded = transition(state, { type: 'user-unloaded' }, NOW).state;
    expect(unloaded.view).toMatchObject({ status: 'signed-out', reason: 'signed-out' });
  });

  it('a hidden tab with no visible follower polls at the hidden interval', () => {
    let state = polling();
    state = transition(state, { type: 'wake', hidden: true }, NOW).state;
    state = transition(state, { type: 'timer', run: state.run, key: 'poll' }, NOW).state;
    const t = transition(state, { type: 'answer', answer: 'unchanged' }, NOW);
    expect(t.effects).toContainEqual({ type: 'timer', key: 'poll', ms: 10000 });
  });
});

describe('opt-in features, further', () => {
  it('the probe: the OP back after an outage, the next quiet answer is re-checked once', () => {
    let state = polling({ probe: opProbe() });
    state = transition(state, { type: 'probed', run: state.run, ok: false }, NOW).state;
    const back = transition(state, { type: 'probed', run: state.run, ok: true }, NOW);
    expect(back.effects).toContainEqual({ type: 'post-check', message: 'spa state-1' });
    const t = transition(back.state, { type: 'answer', answer: 'unchanged' }, NOW);
    expect(t.state.view.status).toBe('reauthenticating');
    expect(t.effects).toContainEqual({ type: 'silent-check', reauth: true });
    expect(types(t.effects)).not.toContain('write'); // not charged to the loop breaker
  });

  it('anonymous: a session_state to watch, then `changed` asks again and reports a sign-in', () => {
    const anonymous = anonymousSessions();
    let { state } = feed(idle({ anonymous }), [{ type: 'start', hidden: false }]);
    ({ state } = feed(state, [
      { type: 'user', run: state.run, user: null, stored: NOTHING_STORED },
      {
        type: 'silent',
        run: state.run,
        result: { kind: 'login-required', error: 'login_required', sessionState: 'anon-1' },
      },
      {
        type: 'discovered',
        run: state.run,
        url: 'https://op.example/c',
        origin: 'https://op.example',
        failed: false,
      },
      { type: 'frame-loaded', run: state.run },
      { type: 'answer', answer: 'unchanged' },
      { type: 'timer', run: state.run, key: 'poll' },
    ]));
    expect(state.view).toMatchObject({ status: 'signed-out', sessionState: 'anon-1' });
    let t = transition(state, { type: 'answer', answer: 'changed' }, NOW);
    expect(t.effects).toContainEqual({ type: 'silent-check', reauth: false });
    const result = { kind: 'session', sub: 'bob', sessionState: 'bob-1' } as const;
    t = transition(t.state, { type: 'silent', run: t.state.run, result }, NOW);
    expect(t.state.view).toMatchObject({ status: 'signed-out', reason: 'op-session' });
    expect(t.effects).toContainEqual({ type: 'emit', name: 'opSession', payload: { sub: 'bob' } });
  });

  it('anonymous: a first answer other than `unchanged` stops it quietly', () => {
    const anonymous = anonymousSessions();
    let { state } = feed(idle({ anonymous }), [{ type: 'start', hidden: false }]);
    ({ state } = feed(state, [
      { type: 'user', run: state.run, user: null, stored: NOTHING_STORED },
      {
        type: 'silent',
        run: state.run,
        result: { kind: 'login-required', error: 'login_required', sessionState: 'anon-1' },
      },
      {
        type: 'discovered',
        run: state.run,
        url: 'https://op.example/c',
        origin: 'https://op.example',
        failed: false,
      },
      { type: 'frame-loaded', run: state.run },
    ]));
    const t = transition(state, { type: 'answer', answer: 'error' }, NOW);
    expect(types(t.effects)).toContain('remove-frame');
    expect(types(t.effects)).not.toContain('silent-check');
    expect(t.state.view.status).toBe('signed-out');
  });
});
