// Unit tests of the state machine against the scripted fake OP frame (test/fake-op.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHECK_SESSION_URL,
  FakeOpFrame,
  FakePort,
  makeUser,
  OP,
  otherWindow,
  setup,
  tick,
} from './fake-op';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('starting', () => {
  it('is idle until started', async () => {
    const { session, frame } = setup();
    await tick(5000);
    expect(session.getSnapshot().status).toBe('idle');
    expect(frame.urls).toEqual([]);
  });

  it('is signed-out without a user, and loads no iframe', async () => {
    const { session, frame } = setup({}, { port: new FakePort(null) });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      user: null,
      isPolling: false,
    });
    expect(frame.urls).toEqual([]);
  });

  it('is unsupported when the OP has no check_session_iframe', async () => {
    const port = new FakePort();
    port.checkSessionIframe = undefined;
    const { session, frame } = setup({}, { port });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'no-check-session-iframe',
    });
    expect(session.getSnapshot().user?.sub).toBe('alice');
    expect(frame.urls).toEqual([]);
  });

  it('says no-check-session-iframe, not no-session-state, for an OP without session management', async () => {
    const port = new FakePort(makeUser('alice', null));
    port.checkSessionIframe = undefined;
    const { session, frame } = setup({}, { port });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'no-check-session-iframe',
      user: { sub: 'alice' },
    });
    expect(frame.urls).toEqual([]);
  });

  it('keeps no-session-state when discovery fails', async () => {
    const port = new FakePort(makeUser('alice', null));
    port.getCheckSessionIframe.mockRejectedValue(new Error('offline'));
    const { session } = setup({}, { port });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'no-session-state',
    });
  });

  it('is unsupported when the user has no session_state', async () => {
    const { session } = setup({}, { port: new FakePort(makeUser('alice', null)) });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'no-session-state',
    });
  });

  it('is unsupported (iframe-timeout), not ended, when the iframe never loads', async () => {
    const frame = new FakeOpFrame();
    frame.loads = false;
    const { session, port } = setup({ frameTimeout: 5000 }, { frame });
    session.start();
    await tick(4999);
    expect(session.getSnapshot().status).toBe('starting');
    await tick(1);
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'iframe-timeout',
    });
    expect(port.removeUser).not.toHaveBeenCalled();
    expect(frame.removed).toBe(1);
  });

  it('is unsupported (iframe-timeout) when the loaded iframe never answers', async () => {
    const frame = new FakeOpFrame();
    frame.script = 'silent';
    const { session } = setup({ frameTimeout: 5000 }, { frame });
    session.start();
    await tick(5000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'iframe-timeout',
    });
    expect(frame.posts).toHaveLength(1);
  });

  it('retries discovery with backoff when the OP is unreachable', async () => {
    const port = new FakePort();
    port.getCheckSessionIframe.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const { session } = setup({ retryDelay: 1000 }, { port });
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({ status: 'starting', reason: 'op-unreachable' });
    await tick(1000);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', reason: null });
  });
});

describe('polling', () => {
  it('posts "client_id session_state" to the exact OP origin and becomes active', async () => {
    const { session, frame } = setup();
    session.start();
    await tick();
    expect(frame.urls).toEqual([CHECK_SESSION_URL]);
    expect(frame.posts).toEqual([{ message: 'spa state-1', targetOrigin: OP }]);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      reason: null,
      sessionState: 'state-1',
      isPolling: true,
    });
    expect(session.getSnapshot().user).toMatchObject({ sub: 'alice', sid: 'sid-1', name: 'Alice' });
  });

  it('polls on a setTimeout chain at the interval', async () => {
    const { session, frame } = setup({ checkInterval: 2000 });
    session.start();
    await tick();
    await tick(1999);
    expect(frame.posts).toHaveLength(1);
    await tick(1);
    expect(frame.posts).toHaveLength(2);
    await tick(2000 * 5);
    expect(frame.posts).toHaveLength(7);
    expect(session.getStats()).toMatchObject({ posted: 7, unchanged: 7 });
  });

  it('never has more than one message in flight', async () => {
    const { session, frame } = setup({ checkInterval: 1000, replyTimeout: 3000 });
    session.start();
    await tick();
    frame.script = 'silent';
    await tick(1000);
    expect(frame.posts).toHaveLength(2);
    // checkNow and wake-ups while the reply is pending must not post again
    void session.checkNow();
    window.dispatchEvent(new Event('focus'));
    await tick(2999);
    expect(frame.posts).toHaveLength(2);
  });

  it('keeps the same snapshot object on quiet polls and notifies nobody', async () => {
    const { session } = setup();
    const listener = vi.fn();
    session.subscribe(listener);
    session.start();
    await tick();
    const active = session.getSnapshot();
    listener.mockClear();
    await tick(20000);
    expect(session.getSnapshot()).toBe(active);
    expect(listener).not.toHaveBeenCalled();
    expect(session.getLastCheckedAt()).toBe(Date.now());
  });

  it('emits checked on every answer', async () => {
    const { session } = setup();
    const checked = vi.fn();
    session.on('checked', checked);
    session.start();
    await tick(4000);
    expect(checked).toHaveBeenCalledTimes(3);
    expect(checked).toHaveBeenLastCalledWith({ answer: 'unchanged', at: Date.now() });
  });

  it('treats a reply timeout on a loaded iframe as transient, with backoff, never ended', async () => {
    const { session, frame, port } = setup({
      checkInterval: 2000,
      replyTimeout: 500,
      retryDelay: 1000,
    });
    session.start();
    await tick();
    frame.script = 'silent';
    await tick(2000 + 500); // poll 2 times out
    expect(session.getStats().timeouts).toBe(1);
    await tick(1000 + 500); // retry after 1 s, times out again
    expect(session.getStats().timeouts).toBe(2);
    await tick(2000 + 500); // then after 2 s
    expect(session.getStats().timeouts).toBe(3);
    expect(session.getSnapshot().status).toBe('active');
    expect(port.removeUser).not.toHaveBeenCalled();
    frame.script = 'unchanged';
    await tick(4000);
    expect(session.getStats().unchanged).toBeGreaterThan(1);
  });

  it('checks at once when the tab becomes visible or the browser comes online', async () => {
    const { session, frame } = setup({ checkInterval: 2000 });
    session.start();
    await tick();
    await tick(500);
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    await tick();
    expect(frame.posts).toHaveLength(2);
    window.dispatchEvent(new Event('online'));
    await tick();
    expect(frame.posts).toHaveLength(3);
  });

  it('slows down while the tab is hidden', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const { session, frame } = setup({ checkInterval: 2000, hiddenCheckInterval: 10000 });
    session.start();
    await tick();
    await tick(9999);
    expect(frame.posts).toHaveLength(1);
    await tick(1);
    expect(frame.posts).toHaveLength(2);
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    await tick();
    expect(frame.posts).toHaveLength(3);
    await tick(2000);
    expect(frame.posts).toHaveLength(4);
  });

  it('checkNow checks at once and resolves with the settled snapshot', async () => {
    const { session, frame } = setup();
    session.start();
    await tick();
    const result = session.checkNow();
    await tick();
    await expect(result).resolves.toMatchObject({ status: 'active' });
    expect(frame.posts).toHaveLength(2);
  });

  it('checkNow starts a session that was not started', async () => {
    const { session } = setup();
    const result = session.checkNow();
    await tick();
    await expect(result).resolves.toMatchObject({ status: 'active' });
  });
});

describe('untrusted messages', () => {
  it('ignores and counts messages from other origins, other windows, non-strings and near misses', async () => {
    const { session, frame, port } = setup({ checkInterval: 2000 });
    session.start();
    await tick();
    const active = session.getSnapshot();
    frame.script = 'silent';
    await tick(2000); // a check is in flight: the most dangerous moment to accept a forged answer
    frame.reply('changed', { origin: 'https://evil.example' });
    frame.reply('error', { origin: 'https://op.example.evil.example' });
    frame.reply('changed', { source: otherWindow() });
    frame.reply('changed', { source: window });
    frame.reply('changed', { source: null });
    frame.reply({ data: 'changed' });
    frame.reply(['changed']);
    frame.reply(null);
    frame.reply('Changed');
    frame.reply(' changed');
    frame.reply('changed\n');
    frame.reply('unchanged ');
    await tick();
    expect(session.getStats().ignored).toBe(12);
    expect(session.getSnapshot()).toBe(active);
    expect(port.silentCheck).not.toHaveBeenCalled();
  });

  it('ignores a genuine-looking answer when no check is in flight', async () => {
    const { session, frame, port } = setup();
    session.start();
    await tick();
    frame.reply('changed');
    await tick();
    expect(session.getStats().ignored).toBe(1);
    expect(session.getSnapshot().status).toBe('active');
    expect(port.silentCheck).not.toHaveBeenCalled();
  });
});

describe('changed', () => {
  it('re-checks silently; same sub keeps the session with the new session_state', async () => {
    const { session, frame, port } = setup();
    const changed = vi.fn();
    session.on('changed', changed);
    session.start();
    await tick();
    frame.script = (m) => (m.endsWith('state-1') ? 'changed' : 'unchanged');
    port.silentResults.push({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    await tick(2000);
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
    expect(port.storeSessionState).toHaveBeenCalledWith('state-2');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', sessionState: 'state-2' });
    expect(changed).toHaveBeenCalledWith({
      sessionState: 'state-2',
      user: session.getSnapshot().user,
    });
    await tick(2000);
    expect(frame.posts.at(-1)?.message).toBe('spa state-2');
    expect(port.removeUser).not.toHaveBeenCalled();
  });

  it('shows reauthenticating while the silent check runs', async () => {
    const { session, frame, port } = setup();
    session.start();
    await tick();
    let finish!: (v: { kind: 'session'; sub: string; sessionState: string }) => void;
    port.silentCheck.mockImplementationOnce(() => new Promise((r) => (finish = r)));
    frame.script = 'changed';
    await tick(2000);
    expect(session.getSnapshot().status).toBe('reauthenticating');
    frame.script = 'unchanged';
    finish({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    await tick();
    expect(session.getSnapshot().status).toBe('active');
  });

  it.each([
    ['login_required'],
    ['interaction_required'],
    ['consent_required'],
    ['account_selection_required'],
  ])('%s ends the session (op-logout) and removes the local user', async (error) => {
    const { session, frame, port } = setup();
    const ended = vi.fn();
    session.on('ended', ended);
    session.start();
    await tick();
    const user = session.getSnapshot().user;
    frame.script = 'changed';
    port.silentResults.push({ kind: 'login-required', error, sessionState: null });
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'op-logout',
      user: null,
      isPolling: false,
    });
    expect(port.removeUser).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledWith({ reason: 'op-logout', user });
    expect(frame.removed).toBe(1);
    const posts = frame.posts.length;
    await tick(10000);
    expect(frame.posts).toHaveLength(posts); // no more polling
  });

  it('another sub ends the session (user-switched)', async () => {
    const { session, frame, port } = setup();
    session.start();
    await tick();
    frame.script = 'changed';
    port.silentResults.push({ kind: 'session', sub: 'mallory', sessionState: 'state-9' });
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'user-switched',
      user: null,
    });
    expect(port.removeUser).toHaveBeenCalled();
    expect(port.storeSessionState).not.toHaveBeenCalled();
  });

  it('a network failure (the OP probe fails too) is transient: backoff retries, never ended', async () => {
    const { session, frame, port } = setup(
      { retryDelay: 1000, maxRetryDelay: 4000 },
      { probe: async () => false },
    );
    session.start();
    await tick();
    frame.script = (m) => (m.endsWith('state-1') ? 'changed' : 'unchanged');
    port.silentResults.push(
      new TypeError('Failed to fetch'),
      new Error('IFrame timed out'),
      new TypeError('x'),
    );
    port.silentResults.push(new TypeError('y'), {
      kind: 'session',
      sub: 'alice',
      sessionState: 'state-2',
    });
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'reauthenticating',
      reason: 'op-unreachable',
    });
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
    await tick(999);
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
    await tick(1); // +1 s
    expect(port.silentCheck).toHaveBeenCalledTimes(2);
    await tick(2000); // +2 s
    expect(port.silentCheck).toHaveBeenCalledTimes(3);
    await tick(4000); // +4 s (capped)
    expect(port.silentCheck).toHaveBeenCalledTimes(4);
    await tick(3999);
    expect(port.silentCheck).toHaveBeenCalledTimes(4);
    await tick(1); // +4 s
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      reason: null,
      sessionState: 'state-2',
    });
    expect(port.removeUser).not.toHaveBeenCalled();
  });

  it('an OAuth error that retrying will not fix gives error (reauth-rejected), not ended', async () => {
    const { session, frame, port } = setup();
    const onError = vi.fn();
    session.on('error', onError);
    session.start();
    await tick();
    frame.script = 'changed';
    port.silentResults.push({ kind: 'rejected', error: 'invalid_request', description: 'bad' });
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({ status: 'error', reason: 'reauth-rejected' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'reauth-rejected' }));
    expect(port.removeUser).not.toHaveBeenCalled();
    await tick(20000);
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
  });
});

describe('error answers', () => {
  it('never re-authenticates; status error, event error, user kept, polling stops', async () => {
    const { session, frame, port } = setup();
    const onError = vi.fn();
    session.on('error', onError);
    session.start();
    await tick();
    frame.script = 'error';
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'error',
      reason: 'op-error',
      isPolling: false,
    });
    expect(session.getSnapshot().user?.sub).toBe('alice');
    expect(onError).toHaveBeenCalledWith({ reason: 'op-error', cause: undefined });
    expect(port.silentCheck).not.toHaveBeenCalled();
    expect(port.removeUser).not.toHaveBeenCalled();
    const posts = frame.posts.length;
    await tick(60000);
    expect(frame.posts).toHaveLength(posts);
  });

  it("onError: 'sign-out' removes the local user", async () => {
    const { session, frame, port } = setup({ onError: 'sign-out' });
    session.start();
    await tick();
    frame.script = 'error';
    await tick(2000);
    expect(port.removeUser).toHaveBeenCalledTimes(1);
    expect(port.silentCheck).not.toHaveBeenCalled();
    expect(session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: 'op-error',
      user: null,
    });
  });

  it('checkNow after an error checks again', async () => {
    const { session, frame } = setup();
    session.start();
    await tick();
    frame.script = 'error';
    await tick(2000);
    frame.script = 'unchanged';
    const result = session.checkNow();
    await tick();
    await expect(result).resolves.toMatchObject({ status: 'active' });
  });
});

describe('loop breaker', () => {
  it('allows 3 silent re-checks per 5 minutes, then error (reauth-loop), across reloads', async () => {
    const first = setup();
    first.session.start();
    await tick();
    // An OP iframe that keeps saying `changed` while prompt=none keeps succeeding: the classic loop.
    first.frame.script = 'changed';
    let n = 1;
    first.port.silentCheck.mockImplementation(async () => ({
      kind: 'session',
      sub: 'alice',
      sessionState: `s${++n}`,
    }));
    await tick(2000 * 3);
    expect(first.port.silentCheck).toHaveBeenCalledTimes(3);
    await tick(2000);
    expect(first.session.getSnapshot()).toMatchObject({ status: 'error', reason: 'reauth-loop' });
    expect(first.port.silentCheck).toHaveBeenCalledTimes(3);
    first.session.dispose();

    // "Reload": a new engine over the same per-tab storage keeps the count.
    const frame = new FakeOpFrame();
    frame.script = (m) => (m.endsWith('state-1') ? 'unchanged' : 'changed');
    const second = setup({}, { tabStorage: first.tabStorage, frame, port: first.port });
    first.port.user = makeUser();
    second.session.start();
    await tick();
    frame.script = 'changed';
    await tick(2000);
    expect(second.session.getSnapshot()).toMatchObject({ status: 'error', reason: 'reauth-loop' });
    expect(first.port.silentCheck).toHaveBeenCalledTimes(3);

    // After the window, the budget is back.
    vi.setSystemTime(Date.now() + 5 * 60 * 1000);
    second.session.checkNow();
    await tick();
    expect(first.port.silentCheck).toHaveBeenCalledTimes(4);
  });

  it('a re-check that ended the session gives the budget back: sign in, log out elsewhere, 5 times', async () => {
    const tabStorage = (await import('./fake-op')).memoryStorage();
    for (let i = 0; i < 5; i++) {
      const t = setup({}, { tabStorage });
      t.session.start();
      await tick();
      t.frame.script = 'changed';
      t.port.silentResults.push({
        kind: 'login-required',
        error: 'login_required',
        sessionState: null,
      });
      await tick(2000);
      expect(t.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
      t.session.dispose();
    }
  });

  it('does not charge retries after network failures to the budget', async () => {
    const { session, frame, port } = setup(
      { retryDelay: 100, maxRetryDelay: 100 },
      { probe: async () => false },
    );
    session.start();
    await tick();
    frame.script = (m) => (m.endsWith('state-1') ? 'changed' : 'unchanged');
    for (let i = 0; i < 6; i++) port.silentResults.push(new TypeError('offline'));
    port.silentResults.push({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    await tick(2000 + 600);
    expect(port.silentCheck).toHaveBeenCalledTimes(7);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', sessionState: 'state-2' });
  });
});

describe('silent re-check that never answers while the OP does (login page on prompt=none)', () => {
  function changedThenTimeouts(options = {}) {
    const probed: string[] = [];
    const t = setup(
      { retryDelay: 1000, ...options },
      {
        probe: async (url) => {
          probed.push(url);
          return true;
        },
      },
    );
    t.frame.script = (m) => (m.endsWith('state-1') ? 'changed' : 'unchanged');
    for (let i = 0; i < 10; i++) t.port.silentResults.push(new Error('IFrame timed out'));
    return { ...t, probed };
  }

  it('gives up after 3 tries: error / reauth-timeout, the user kept, no further request', async () => {
    const { session, port, probed } = changedThenTimeouts();
    const errors = vi.fn();
    session.on('error', errors);
    session.start();
    await tick(); // the first check says changed (not fresh: re-check)
    expect(session.getSnapshot()).toMatchObject({ status: 'reauthenticating', reason: null });
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
    await tick(1000 + 2000);
    expect(port.silentCheck).toHaveBeenCalledTimes(3);
    expect(session.getSnapshot()).toMatchObject({
      status: 'error',
      reason: 'reauth-timeout',
      isPolling: false,
    });
    expect(session.getSnapshot().user?.sub).toBe('alice');
    expect(port.removeUser).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'reauth-timeout', cause: expect.any(Error) }),
    );
    expect(probed).toEqual(Array(3).fill(CHECK_SESSION_URL));
    await tick(600000);
    expect(port.silentCheck).toHaveBeenCalledTimes(3); // settled: never again
    expect(session.getSnapshot().status).toBe('error');
  });

  it('gives up after about a minute when each try takes long', async () => {
    const { session, port } = changedThenTimeouts();
    port.silentCheck.mockImplementation(
      () => new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), 40000)),
    );
    session.start();
    await tick(2000);
    await tick(40000); // try 1 fails after 40 s
    expect(session.getSnapshot().status).toBe('reauthenticating');
    await tick(1000 + 40000); // try 2 fails 81 s in: past the deadline
    expect(port.silentCheck).toHaveBeenCalledTimes(2);
    expect(session.getSnapshot()).toMatchObject({ status: 'error', reason: 'reauth-timeout' });
  });

  it("onError: 'sign-out' removes the user, with the same reason", async () => {
    const { session, port } = changedThenTimeouts({ onError: 'sign-out' });
    session.start();
    await tick(2000 + 3000);
    expect(port.removeUser).toHaveBeenCalled();
    expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', reason: 'reauth-timeout' });
  });

  it('counts only failures while the OP answers: an unreachable OP keeps retrying', async () => {
    let up = false;
    const { session, frame, port } = setup(
      { retryDelay: 1000, maxRetryDelay: 1000 },
      { probe: async () => up },
    );
    frame.script = (m) => (m.endsWith('state-1') ? 'changed' : 'unchanged');
    for (let i = 0; i < 7; i++) port.silentResults.push(new Error('IFrame timed out'));
    port.silentResults.push({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    session.start();
    await tick(4000); // 5 tries (the first at once: a reload's first answer), OP down
    expect(port.silentCheck).toHaveBeenCalledTimes(5);
    expect(session.getSnapshot()).toMatchObject({
      status: 'reauthenticating',
      reason: 'op-unreachable',
    });
    up = true;
    await tick(2000); // 2 more tries fail while the OP answers: still under the bound
    expect(port.silentCheck).toHaveBeenCalledTimes(7);
    expect(session.getSnapshot()).toMatchObject({ status: 'reauthenticating', reason: null });
    await tick(1000);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', sessionState: 'state-2' });
  });
});

describe('positive control (fresh sign-in)', () => {
  it('a fresh session_state answered `changed` means the method is blocked: unsupported, no re-check', async () => {
    const { session, frame, port, browserStorage } = setup();
    const unsupported = vi.fn();
    session.on('unsupported', unsupported);
    port.load(makeUser()); // the callback page's userManager.signinCallback()
    frame.script = 'changed';
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
    expect(session.getSnapshot().user?.sub).toBe('alice');
    expect(port.silentCheck).not.toHaveBeenCalled();
    expect(port.removeUser).not.toHaveBeenCalled();
    expect(unsupported).toHaveBeenCalledWith({ reason: 'third-party-cookies-blocked' });

    // The verdict is remembered per browser: a reload does not load the iframe again.
    const again = setup({}, { port, browserStorage });
    again.session.start();
    await tick();
    expect(again.session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
    expect(again.frame.urls).toEqual([]);
  });

  it('same-site, a failed control blames the OP iframe, not the browser, now and after a reload', async () => {
    const sites: string[] = [];
    const sameSite = (origin: string) => (sites.push(origin), true);
    const { session, frame, port, browserStorage } = setup({}, { sameSite });
    const unsupported = vi.fn();
    session.on('unsupported', unsupported);
    port.load(makeUser());
    frame.script = 'changed';
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'op-iframe-broken',
    });
    expect(sites).toEqual([OP]);
    expect(unsupported).toHaveBeenCalledWith({ reason: 'op-iframe-broken' });
    expect(port.silentCheck).not.toHaveBeenCalled();
    expect([...browserStorage.map.values()]).toEqual(['broken']);

    const again = setup({}, { port, browserStorage, sameSite });
    again.session.start();
    await tick();
    expect(again.session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'op-iframe-broken',
    });
    expect(again.frame.urls).toEqual([]);
  });

  it('a fresh session_state answered `error` is also unsupported, not error', async () => {
    const { session, frame, port } = setup();
    port.load(makeUser());
    frame.script = 'error';
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
  });

  it('a fresh session answered `unchanged` works, and a later `changed` re-checks as usual', async () => {
    const { session, frame, port, browserStorage } = setup();
    port.load(makeUser());
    session.start();
    await tick();
    expect(session.getSnapshot().status).toBe('active');
    expect([...browserStorage.map.values()]).toContain('works');
    frame.script = 'changed';
    port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await tick(2000);
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
  });

  it('a sign-in while running (user loaded) restarts monitoring with the control', async () => {
    const { session, frame, port } = setup({}, { port: new FakePort(null) });
    session.start();
    await tick();
    expect(session.getSnapshot().status).toBe('signed-out');
    frame.script = 'changed';
    port.load(makeUser('alice', 'fresh-state'));
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
  });

  it('a session that is not fresh (reload) answered `changed` is re-checked, not declared blocked', async () => {
    const { session, frame, port } = setup();
    frame.script = 'changed';
    port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    session.start();
    await tick();
    expect(port.silentCheck).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
  });
});

describe('lifecycle', () => {
  it('subscribe returns an unsubscribe that works', async () => {
    const { session } = setup();
    const listener = vi.fn();
    const off = session.subscribe(listener);
    off();
    session.start();
    await tick();
    expect(listener).not.toHaveBeenCalled();
  });

  it('on returns an unsubscribe that works', async () => {
    const { session } = setup();
    const checked = vi.fn();
    const off = session.on('checked', checked);
    session.start();
    await tick();
    off();
    await tick(10000);
    expect(checked).toHaveBeenCalledTimes(1);
  });

  it('a throwing listener breaks neither the engine nor other listeners', async () => {
    const { session } = setup();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const other = vi.fn();
    session.subscribe(() => {
      throw new Error('app bug');
    });
    session.on('checked', () => {
      throw new Error('app bug');
    });
    session.subscribe(other);
    session.start();
    await tick(4000);
    expect(session.getSnapshot().status).toBe('active');
    expect(other).toHaveBeenCalled();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('stop removes the iframe and the message listener, and start resumes', async () => {
    const { session, frame } = setup();
    session.start();
    await tick();
    session.stop();
    expect(frame.removed).toBe(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', isPolling: false });
    const posts = frame.posts.length;
    await tick(10000);
    expect(frame.posts).toHaveLength(posts);
    frame.reply('changed');
    expect(session.getStats().ignored).toBe(0); // listener gone: not even seen
    session.start();
    await tick();
    expect(session.getSnapshot().status).toBe('active');
  });

  it('start twice loads one iframe', async () => {
    const { session, frame } = setup();
    session.start();
    session.start();
    await tick();
    expect(frame.urls).toHaveLength(1);
  });

  it('dispose is idempotent and silences everything', async () => {
    const { session, frame } = setup();
    const listener = vi.fn();
    session.subscribe(listener);
    session.start();
    await tick();
    session.dispose();
    session.dispose();
    listener.mockClear();
    session.start();
    await tick(10000);
    expect(frame.urls).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
    await expect(session.checkNow()).resolves.toMatchObject({ status: 'idle' });
  });

  it('an unload by the app (userManager.removeUser) gives signed-out', async () => {
    const { session, port } = setup();
    session.start();
    await tick();
    await port.removeUser(); // the fake raises userUnloaded like oidc-client-ts
    expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', user: null });
  });
});

describe('token renewal', () => {
  it('a renew that keeps the user and session_state does not reload the iframe', async () => {
    const { session, frame, port } = setup();
    session.start();
    await tick();
    const active = session.getSnapshot();
    port.load(makeUser()); // same sub, same session_state: e.g. a refresh-token renew
    await tick();
    expect(frame.urls).toHaveLength(1);
    expect(session.getSnapshot()).toBe(active);
  });

  it('a renew with a new session_state restarts on it', async () => {
    const { session, frame, port } = setup();
    session.start();
    await tick();
    port.load(makeUser('alice', 'state-2'));
    await tick();
    expect(frame.urls).toHaveLength(2);
    expect(frame.posts.at(-1)?.message).toBe('spa state-2');
  });
});

describe('positive control without the load event', () => {
  it('an ID Token issued in the last minute counts as fresh', async () => {
    const user = {
      ...makeUser(),
      profile: { ...makeUser().profile, iat: Math.floor(Date.now() / 1000) - 5 },
    };
    const { session, frame, port } = setup({}, { port: new FakePort(user) });
    frame.script = 'error';
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
    expect(port.silentCheck).not.toHaveBeenCalled();
  });

  it('an older ID Token does not', async () => {
    const user = {
      ...makeUser(),
      profile: { ...makeUser().profile, iat: Math.floor(Date.now() / 1000) - 600 },
    };
    const { session, frame } = setup({}, { port: new FakePort(user) });
    frame.script = 'error';
    session.start();
    await tick();
    expect(session.getSnapshot()).toMatchObject({ status: 'error', reason: 'op-error' });
  });
});
