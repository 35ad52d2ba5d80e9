// One poller per browser: tabs (engines sharing a fake BroadcastChannel and a fake Web Locks
// manager) elect a leader that owns the only OP iframe and reports to the others. Unit level; the
// real election between real Chromium tabs is covered by e2e/tests/cross-tab.test.mjs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anonymousSessions } from '../src/engine/anonymous';
import { opProbe } from '../src/engine/probe';
import { FakeLocks, FakePort, FakeTabBus, makeUser, setup, tick } from './fake-op';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

type Tab = ReturnType<typeof setup>;

async function browser(n: number, users = Array.from({ length: n }, () => makeUser())) {
  const bus = new FakeTabBus();
  const locks = new FakeLocks();
  const tabs: Tab[] = [];
  for (const user of users) {
    const tab = setup(
      {},
      { bus, locks: locks as unknown as LockManager, port: new FakePort(user) },
    );
    tab.session.start();
    tabs.push(tab);
    await tick();
  }
  return { bus, locks, tabs };
}

const polls = (tabs: Tab[]) => tabs.map((t) => t.frame.posts.length);
const leaders = (tabs: Tab[]) => tabs.filter((t) => t.session.getSnapshot().isPolling);

describe('leader election', () => {
  it('one tab polls; the others load no iframe and mirror its status and checks', async () => {
    const { tabs } = await browser(4);
    const [leader, ...followers] = tabs;
    expect(leaders(tabs)).toEqual([leader]);
    const checked = vi.fn();
    followers[2]!.session.on('checked', checked);
    await tick(2000 * 5);
    expect(leader!.frame.posts.length).toBeGreaterThanOrEqual(6);
    for (const f of followers) {
      expect(f.frame.urls).toEqual([]);
      expect(f.session.getStats().posted).toBe(0);
      expect(f.session.getSnapshot()).toMatchObject({ status: 'active', isPolling: false });
      expect(f.session.getSnapshot().user?.sub).toBe('alice');
      expect(f.session.getLastCheckedAt()).toBe(leader!.session.getLastCheckedAt());
    }
    expect(checked).toHaveBeenCalledTimes(5);
    expect(checked).toHaveBeenLastCalledWith({ answer: 'unchanged', at: expect.any(Number) });
  });

  it('a follower that joins learns the status at once, not at the next poll', async () => {
    const { bus, locks, tabs } = await browser(1);
    await tick(500);
    const late = setup({}, { bus, locks: locks as unknown as LockManager });
    late.session.start();
    await tick(1); // far less than the 2 s interval
    expect(late.session.getSnapshot()).toMatchObject({ status: 'active', isPolling: false });
    expect(tabs[0]!.frame.posts).toHaveLength(2); // it asked, the leader checked once more
  });

  it('when the leader goes, the next tab takes over at once without leaving active', async () => {
    const { tabs } = await browser(3);
    const [first, second, third] = tabs;
    const statuses: string[] = [];
    second!.session.subscribe(() => statuses.push(second!.session.getSnapshot().status));
    first!.session.dispose();
    await tick();
    expect(leaders(tabs)).toEqual([second]);
    expect(second!.frame.urls).toHaveLength(1);
    expect(second!.frame.posts).toHaveLength(1);
    expect(statuses).not.toContain('starting');
    expect(second!.session.getSnapshot().status).toBe('active');
    await tick(2000);
    expect(third!.session.getSnapshot()).toMatchObject({ status: 'active', isPolling: false });
    expect(third!.frame.urls).toEqual([]);
  });

  it('a frozen leader lets go and the next tab polls; on resume it follows', async () => {
    const { tabs } = await browser(3);
    const [first, second] = tabs;
    // Page Lifecycle `freeze` is fired at the document (the tabs here share one window: the
    // followers see it too and just say they are hidden).
    document.dispatchEvent(new Event('freeze'));
    await tick();
    expect(leaders(tabs)).toEqual([second]);
    expect(first!.frame.removed).toBe(1);
    expect(first!.session.getSnapshot()).toMatchObject({ status: 'active', isPolling: false });
    const posted = second!.frame.posts.length;
    await tick(2000);
    expect(second!.frame.posts.length).toBeGreaterThan(posted);
    document.dispatchEvent(new Event('resume'));
    await tick();
    expect(leaders(tabs)).toEqual([second]);
    for (const t of tabs) expect(t.session.getSnapshot().status).toBe('active');
  });

  it('`changed`: one silent re-check in the browser; the new session_state reaches every tab', async () => {
    const { tabs } = await browser(3);
    const [leader, ...followers] = tabs;
    leader!.frame.script = (m) => (m.endsWith('state-2') ? 'unchanged' : 'changed');
    leader!.port.silentResults.push({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    const changed = vi.fn();
    followers[1]!.session.on('changed', changed);
    await tick(2000);
    expect(leader!.port.silentCheck).toHaveBeenCalledTimes(1);
    for (const f of followers) {
      expect(f.port.silentCheck).not.toHaveBeenCalled();
      expect(f.port.storeSessionState).toHaveBeenCalledWith('state-2');
      expect(f.session.getSnapshot()).toMatchObject({ status: 'active', sessionState: 'state-2' });
    }
    expect(changed).toHaveBeenCalledWith({
      sessionState: 'state-2',
      user: expect.objectContaining({ sub: 'alice' }),
    });
    await tick(2000);
    expect(leader!.frame.posts.at(-1)!.message).toBe('spa state-2');
  });

  it('`changed` then login_required: every tab ends, one prompt=none in all', async () => {
    const { tabs } = await browser(4);
    tabs[0]!.frame.script = 'changed';
    tabs[0]!.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await tick(2000);
    for (const t of tabs) {
      expect(t.session.getSnapshot()).toMatchObject({
        status: 'ended',
        reason: 'op-logout',
        user: null,
      });
    }
    expect(tabs.reduce((n, t) => n + t.port.silentCheck.mock.calls.length, 0)).toBe(1);
  });

  it('with a shared user store, followers end with the reason (no race with the handover)', async () => {
    const { bus, tabs } = await browser(3);
    // Messages slower than the lock handover (as can happen between real tabs).
    bus.latency = 5;
    // localStorage-backed user store: removing the user in one tab removes it for all.
    for (const t of tabs) {
      t.port.removeUser.mockImplementation(async () => {
        for (const other of tabs) other.port.user = null;
      });
    }
    tabs[0]!.frame.script = 'changed';
    tabs[0]!.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await tick(2000);
    await tick(100); // the delayed messages
    for (const t of tabs) {
      expect(t.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
    }
  });

  it('followers mirror a resting leader (error) and emit the event', async () => {
    const { tabs } = await browser(2);
    const error = vi.fn();
    tabs[1]!.session.on('error', error);
    tabs[0]!.frame.script = 'error';
    await tick(2000);
    expect(tabs[1]!.session.getSnapshot()).toMatchObject({ status: 'error', reason: 'op-error' });
    expect(error).toHaveBeenCalledWith({ reason: 'op-error' });
    expect(tabs[1]!.session.getSnapshot().user?.sub).toBe('alice');
  });

  it('tabs holding different users elect one leader per user', async () => {
    const { tabs } = await browser(4, [
      makeUser('alice'),
      makeUser('bob', 'state-b'),
      makeUser('alice'),
      makeUser('bob', 'state-b'),
    ]);
    expect(leaders(tabs)).toEqual([tabs[0], tabs[1]]);
    await tick(2000);
    // Each leader: its first check, one asked for by its joining follower, one after 2 s.
    expect(polls(tabs)).toEqual([3, 3, 0, 0]);
    expect(tabs[3]!.session.getSnapshot()).toMatchObject({ status: 'active' });
    expect(tabs[3]!.session.getSnapshot().user?.sub).toBe('bob');
  });

  it('a follower signing out ends its user everywhere and the leader lets go', async () => {
    const { tabs, locks } = await browser(3);
    await tabs[2]!.session.signOut({ mode: 'local' });
    await tick();
    for (const t of tabs) expect(t.session.getSnapshot().status).toBe('signed-out');
    expect(locks.isHeld('oidc-session:https://op.example|spa:leader:alice')).toBe(false);
  });
});

describe('timing across tabs', () => {
  it('a follower that asks (became visible, checkNow) gets a check at once', async () => {
    const { tabs } = await browser(2);
    await tick(500);
    const before = tabs[0]!.frame.posts.length;
    const snap = await Promise.all([tabs[1]!.session.checkNow(), tick(1)]);
    expect(snap[0].status).toBe('active');
    expect(tabs[0]!.frame.posts.length).toBe(before + 1);
  });

  it('backs off only while every tab is hidden', async () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const { bus, tabs } = await browser(2);
    const leader = tabs[0]!;
    const start = leader.frame.posts.length;
    await tick(10000);
    expect(leader.frame.posts.length - start).toBe(1); // hidden interval
    // Another tab says it is visible: the leader checks at once and at the visible pace.
    bus.deliver({ type: 'hello', tab: 'tab-x', sub: 'alice', visible: true, check: true });
    await tick(1);
    await tick(6000);
    expect(leader.frame.posts.length - start).toBe(1 + 1 + 3);
    bus.deliver({ type: 'hello', tab: 'tab-x', sub: 'alice', visible: false, check: false });
    await tick(2000); // the tick already scheduled
    const hidden = leader.frame.posts.length;
    await tick(10000);
    expect(leader.frame.posts.length - hidden).toBe(1);
  });

  it('ignores malformed and foreign state/hello messages', async () => {
    const { bus, tabs } = await browser(2);
    const follower = tabs[1]!;
    const leaderPosts = tabs[0]!.frame.posts.length;
    for (const data of [
      {
        type: 'state',
        tab: 't',
        sub: 'alice',
        status: 'ended',
        reason: null,
        sessionState: null,
        answer: null,
      },
      {
        type: 'state',
        tab: 't',
        sub: 'alice',
        status: 'error',
        reason: 'made-up',
        sessionState: null,
        answer: null,
      },
      {
        type: 'state',
        tab: 't',
        sub: 'alice',
        status: 'error',
        reason: null,
        sessionState: 7,
        answer: null,
      },
      {
        type: 'state',
        tab: '',
        sub: 'alice',
        status: 'error',
        reason: null,
        sessionState: null,
        answer: null,
      },
      {
        type: 'state',
        tab: 't',
        sub: 'alice',
        status: 'error',
        reason: null,
        sessionState: null,
        answer: 'yes',
      },
      {
        type: 'state',
        tab: 't',
        sub: 'mallory',
        status: 'error',
        reason: 'op-error',
        sessionState: null,
        answer: null,
      },
      { type: 'hello', tab: 't', sub: 'alice', visible: 'yes', check: true },
      { type: 'hello', tab: 't', sub: 'mallory', visible: true, check: true },
      { type: 'hello', tab: 't'.repeat(5000), sub: 'alice', visible: true, check: true },
    ]) {
      bus.deliver(data);
    }
    await tick(1);
    expect(follower.session.getSnapshot()).toMatchObject({
      status: 'active',
      user: expect.anything(),
    });
    expect(tabs[0]!.frame.posts.length).toBe(leaderPosts);
  });
});

describe('OP outage', () => {
  it('keeps checking while the OP is down, then settles the truth with one re-check', async () => {
    let up = true;
    const t = setup({ probe: opProbe(), probeInterval: 10000 }, { probe: async () => up });
    t.session.start();
    await tick();
    up = false;
    await tick(10000);
    expect(t.session.getSnapshot()).toMatchObject({ status: 'active', reason: 'op-unreachable' });
    const during = t.frame.posts.length;
    await tick(20000);
    expect(t.frame.posts.length).toBeGreaterThanOrEqual(during + 9); // quiet polls go on
    expect(t.session.getSnapshot()).toMatchObject({ status: 'active', reason: 'op-unreachable' });
    expect(t.port.silentCheck).not.toHaveBeenCalled();
    // Back, but it forgot the session (an OP restart): the cookie still says `unchanged`.
    up = true;
    t.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await tick(2000);
    expect(t.port.silentCheck).toHaveBeenCalledTimes(1);
    expect(t.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
  });

  it('back with the session intact: active again, one re-check, no logout', async () => {
    let up = false;
    const t = setup({ probe: opProbe(), probeInterval: 5000 }, { probe: async () => up });
    t.session.start();
    await tick(5000);
    expect(t.session.getSnapshot().reason).toBe('op-unreachable');
    up = true;
    t.port.silentResults.push({ kind: 'session', sub: 'alice', sessionState: 'state-1' });
    await tick(2000);
    expect(t.session.getSnapshot()).toMatchObject({ status: 'active', reason: null });
    expect(t.port.silentCheck).toHaveBeenCalledTimes(1);
    await tick(60000);
    expect(t.port.silentCheck).toHaveBeenCalledTimes(1);
  });
});

describe('other signals while unsupported', () => {
  it('a refused silent renew (invalid_grant, login_required) ends the session, even unsupported', async () => {
    const t = setup({}, { port: new FakePort(makeUser('alice', null)) });
    t.session.start();
    await tick();
    expect(t.session.getSnapshot()).toMatchObject({ status: 'unsupported' });
    t.port.refuseRenew();
    await tick();
    expect(t.session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'op-logout',
      user: null,
    });
    expect(t.port.removeUser).toHaveBeenCalledTimes(1);
  });

  it('a refused renew with nobody signed in changes nothing', async () => {
    const t = setup({}, { port: new FakePort(null) });
    t.session.start();
    await tick();
    t.port.refuseRenew();
    await tick();
    expect(t.session.getSnapshot()).toMatchObject({ status: 'signed-out' });
    expect(t.port.removeUser).not.toHaveBeenCalled();
  });
});

describe('anonymous sessions (option anonymous)', () => {
  it('is off by default: no silent request, no iframe without a user', async () => {
    const t = setup({}, { port: new FakePort(null) });
    t.session.start();
    await tick(10000);
    expect(t.port.silentCheck).not.toHaveBeenCalled();
    expect(t.frame.urls).toEqual([]);
  });

  it('watches the anonymous session_state and reports a sign-in elsewhere', async () => {
    const t = setup({ anonymous: anonymousSessions() }, { port: new FakePort(null) });
    t.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: 'anon-1',
    });
    const opSession = vi.fn();
    t.session.on('opSession', opSession);
    t.session.start();
    await tick();
    expect(t.session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: null,
      sessionState: 'anon-1',
    });
    expect(t.frame.posts.map((p) => p.message)).toEqual(['spa anon-1']);
    await tick(4000);
    expect(t.frame.posts).toHaveLength(3);
    expect(t.port.silentCheck).toHaveBeenCalledTimes(1);
    // Someone signs in at the OP: the iframe says `changed`, one silent request finds the session.
    t.frame.script = (m) => (m.endsWith('anon-1') ? 'changed' : 'unchanged');
    t.port.silentResults.push({ kind: 'session', sub: 'bob', sessionState: 'bob-1' });
    await tick(2000);
    expect(t.port.silentCheck).toHaveBeenCalledTimes(2);
    expect(opSession).toHaveBeenCalledWith({ sub: 'bob' });
    expect(t.session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: 'op-session',
      user: null,
    });
    await tick(2000);
    expect(t.frame.posts.at(-1)!.message).toBe('spa bob-1');
    expect(t.port.silentCheck).toHaveBeenCalledTimes(2);
  });

  it('stops quietly where it cannot work (no session_state, blocked cookies, refused)', async () => {
    for (const [result, script] of [
      [{ kind: 'login-required', error: 'login_required', sessionState: null }, 'unchanged'],
      [{ kind: 'login-required', error: 'login_required', sessionState: 'anon-1' }, 'error'],
      [{ kind: 'rejected', error: 'invalid_request', description: null }, 'unchanged'],
    ] as const) {
      const t = setup({ anonymous: anonymousSessions() }, { port: new FakePort(null) });
      t.frame.script = script;
      t.port.silentResults.push(result);
      t.session.start();
      await tick(10000);
      expect(t.session.getSnapshot().status).toBe('signed-out');
      expect(t.port.silentCheck).toHaveBeenCalledTimes(1);
      expect(t.frame.posts.length).toBeLessThanOrEqual(1);
      t.session.dispose();
    }
  });

  it('is bounded by the loop breaker across reloads', async () => {
    const tabStorage = (await import('./fake-op')).memoryStorage();
    for (let i = 0; i < 5; i++) {
      const t = setup({ anonymous: anonymousSessions() }, { port: new FakePort(null), tabStorage });
      t.port.silentResults.push({
        kind: 'login-required',
        error: 'login_required',
        sessionState: 'a',
      });
      t.session.start();
      await tick();
      expect(t.port.silentCheck).toHaveBeenCalledTimes(i < 3 ? 1 : 0);
      t.session.dispose();
    }
  });

  it('rejects anything but anonymousSessions(), naming the import', () => {
    expect(() => setup({ anonymous: 'yes' as never })).toThrow(/anonymous/);
    expect(() => setup({ anonymous: true as never })).toThrow(/anonymousSessions\(\)/);
  });
});
