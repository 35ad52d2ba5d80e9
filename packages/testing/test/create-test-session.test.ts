import type { OidcSession, SessionEventMap } from '@oidc-session/core';
import { describe, expect, it, vi } from 'vitest';
import { createTestSession, isSessionStatus, SESSION_STATUSES, testUser } from '../src/index';

const alice = testUser('alice');

describe('createTestSession', () => {
  it('is an OidcSession that starts idle, with an idle server snapshot', () => {
    const session: OidcSession = createTestSession();
    expect(session.getSnapshot()).toEqual({
      status: 'idle',
      reason: null,
      user: null,
      sessionState: null,
      since: null,
      isPolling: false,
      idle: null,
      expiry: null,
    });
    expect(Object.isFrozen(session.getSnapshot())).toBe(true);
    expect(session.getServerSnapshot().status).toBe('idle');
    expect(session.getServerSnapshot()).toBe(
      createTestSession({ status: 'active' }).getServerSnapshot(),
    );
  });

  it('takes an initial snapshot, with since from the clock', () => {
    const session = createTestSession({ status: 'active', user: alice }, { now: () => 42 });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', user: alice, since: 42 });
  });

  it('keeps the same snapshot object until something changes', () => {
    let t = 1;
    const session = createTestSession({ status: 'active', user: alice }, { now: () => t++ });
    const listener = vi.fn();
    session.subscribe(listener);
    const first = session.getSnapshot();

    session.set({ status: 'active', user: alice });
    expect(session.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();

    session.set({ isPolling: true });
    const second = session.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.since).toBe(first.since); // same status: since is kept
    expect(Object.isFrozen(second)).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);

    session.setStatus('reauthenticating');
    expect(session.getSnapshot().since).toBe(2);
    expect(listener).toHaveBeenCalledTimes(2);
    session.setStatus('idle');
    expect(session.getSnapshot().since).toBeNull();
  });

  it('notify() calls the subscribers with the snapshot unchanged', () => {
    const session = createTestSession({ status: 'active' });
    const before = session.getSnapshot();
    const seen: unknown[] = [];
    session.subscribe(() => seen.push(session.getSnapshot()));
    session.notify();
    expect(seen).toEqual([before]);
    expect(seen[0]).toBe(before);
  });

  it('counts subscriptions one per call and unsubscribes them', () => {
    const session = createTestSession();
    const listener = vi.fn();
    const off1 = session.subscribe(listener);
    const off2 = session.subscribe(listener);
    expect(session.subscriberCount).toBe(2);
    session.setStatus('starting');
    expect(listener).toHaveBeenCalledTimes(2);
    off1();
    off1();
    expect(session.subscriberCount).toBe(1);
    off2();
    session.setStatus('active');
    expect(listener).toHaveBeenCalledTimes(2);
    expect(session.subscriberCount).toBe(0);
  });

  it('activate() makes the user active and polling', () => {
    const session = createTestSession({ status: 'starting' });
    session.activate(alice);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      reason: null,
      user: alice,
      sessionState: 'session-state-alice',
      isPolling: true,
    });
    session.activate(undefined, { isPolling: false });
    expect(session.getSnapshot().isPolling).toBe(false);
    expect(() => createTestSession().activate()).toThrow(/no user/);
  });

  it('end() sets ended without a user, then fires `ended` with the user that was there', () => {
    const session = createTestSession({ status: 'active', user: alice, sessionState: 's1' });
    const order: string[] = [];
    session.subscribe(() => order.push(`snapshot ${session.getSnapshot().status}`));
    const ended: Array<SessionEventMap['ended']> = [];
    session.on('ended', (e) => {
      order.push('event ended');
      ended.push(e);
    });
    session.end('user-switched');
    expect(session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'user-switched',
      user: null,
      sessionState: null,
    });
    expect(ended).toEqual([{ reason: 'user-switched', user: alice }]);
    expect(order).toEqual(['snapshot ended', 'event ended']);
    const other = createTestSession({ status: 'active', user: alice });
    other.end();
    expect(other.getSnapshot().reason).toBe('op-logout');
  });

  it('markUnsupported() and fail() set the status and fire their events', () => {
    const session = createTestSession({ status: 'active', user: alice, isPolling: true });
    const unsupported = vi.fn();
    const errors = vi.fn();
    session.on('unsupported', unsupported);
    session.on('error', errors);

    session.markUnsupported('third-party-cookies-blocked');
    expect(session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
      user: alice,
      isPolling: false,
    });
    expect(unsupported).toHaveBeenCalledWith({ reason: 'third-party-cookies-blocked' });

    session.fail();
    expect(session.getSnapshot()).toMatchObject({
      status: 'error',
      reason: 'op-error',
      user: alice,
    });
    expect(errors).toHaveBeenLastCalledWith({ reason: 'op-error' });

    const cause = new Error('nope');
    session.fail('reauth-rejected', { cause, signOut: true });
    expect(errors).toHaveBeenLastCalledWith({ reason: 'reauth-rejected', cause });
    expect(session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: 'reauth-rejected',
      user: null,
    });
  });

  it('renew() stores the new session_state and fires `changed`', () => {
    const session = createTestSession({
      status: 'reauthenticating',
      user: alice,
      sessionState: 's1',
    });
    const changed = vi.fn();
    session.on('changed', changed);
    session.renew('s2');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', sessionState: 's2' });
    expect(changed).toHaveBeenCalledWith({ sessionState: 's2', user: alice });
    expect(() => createTestSession().renew('s')).toThrow(/no user/);
  });

  it('check() counts the answer, sets getLastCheckedAt and fires `checked` without a new snapshot', () => {
    const session = createTestSession({ status: 'active', user: alice }, { now: () => 1000 });
    const before = session.getSnapshot();
    const checked = vi.fn();
    session.on('checked', checked);
    expect(session.getLastCheckedAt()).toBeNull();
    session.check();
    session.check('timeout');
    session.check('changed');
    expect(checked.mock.calls).toEqual([
      [{ answer: 'unchanged', at: 1000 }],
      [{ answer: 'timeout', at: 1000 }],
      [{ answer: 'changed', at: 1000 }],
    ]);
    expect(session.getLastCheckedAt()).toBe(1000);
    expect(session.getStats()).toMatchObject({ posted: 3, unchanged: 1, timeouts: 1, changed: 1 });
    expect(session.getSnapshot()).toBe(before);
  });

  it('emit() reaches the handlers of that event only; on() returns the unsubscribe', () => {
    const session = createTestSession();
    const opSession = vi.fn();
    const ended = vi.fn();
    const off = session.on('opSession', opSession);
    session.on('ended', ended);
    expect(session.handlerCount()).toBe(2);
    session.emit('opSession', { sub: 'bob' });
    expect(opSession).toHaveBeenCalledWith({ sub: 'bob' });
    expect(ended).not.toHaveBeenCalled();
    off();
    expect(session.handlerCount('opSession')).toBe(0);
    session.emit('opSession', { sub: 'carol' });
    expect(opSession).toHaveBeenCalledTimes(1);
  });

  it('runs every listener even when one throws, then throws to the test', () => {
    const session = createTestSession();
    const after = vi.fn();
    session.subscribe(() => {
      throw new Error('listener broke');
    });
    session.subscribe(after);
    expect(() => session.setStatus('starting')).toThrow('listener broke');
    expect(after).toHaveBeenCalledTimes(1);
    session.subscribe(() => {
      throw new Error('second');
    });
    expect(() => session.setStatus('active')).toThrow(AggregateError);
  });

  it('records every action call with its arguments, in order', async () => {
    const session = createTestSession({ status: 'active', user: alice });
    session.start();
    session.stop();
    await session.checkNow();
    await session.signIn({ prompt: 'login' });
    await session.signOut({ mode: 'local' });
    session.dispose();
    expect(session.calls).toEqual([
      { method: 'start', args: [] },
      { method: 'stop', args: [] },
      { method: 'checkNow', args: [] },
      { method: 'signIn', args: [{ prompt: 'login' }] },
      { method: 'signOut', args: [{ mode: 'local' }] },
      { method: 'dispose', args: [] },
    ]);
    expect(session.callCount('start')).toBe(1);
    expect(session.callCount('signOut')).toBe(1);
  });

  it('start and stop leave the snapshot to the test; checkNow resolves with it', async () => {
    const session = createTestSession({ status: 'active', user: alice });
    const before = session.getSnapshot();
    session.start();
    session.stop();
    session.start();
    expect(session.getSnapshot()).toBe(before);
    await expect(session.checkNow()).resolves.toBe(before);
  });

  it('signOut() signs out locally by default, like the real session', async () => {
    const session = createTestSession({ status: 'active', user: alice, sessionState: 's1' });
    await session.signOut();
    expect(session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: 'signed-out',
      user: null,
      sessionState: null,
    });
  });

  it('actions can be replaced, and are still recorded', async () => {
    const refused = new Error('no end_session_endpoint');
    const session = createTestSession(
      { status: 'active', user: alice },
      {
        actions: {
          signOut: () => Promise.reject(refused),
          checkNow: async () => {
            session.end('op-logout');
            return session.getSnapshot();
          },
        },
      },
    );
    await expect(session.signOut()).rejects.toBe(refused);
    expect(session.getSnapshot().status).toBe('active');
    await expect(session.checkNow()).resolves.toMatchObject({ status: 'ended' });
    expect(session.calls.map((c) => c.method)).toEqual(['signOut', 'checkNow']);
  });

  it('dispose() drops every subscriber and handler, once', () => {
    const session = createTestSession();
    const listener = vi.fn();
    const handler = vi.fn();
    session.subscribe(listener);
    session.on('ended', handler);
    session.dispose();
    session.dispose();
    expect(session.disposed).toBe(true);
    expect([session.subscriberCount, session.handlerCount()]).toEqual([0, 0]);
    session.end();
    expect(listener).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
    expect(session.callCount('dispose')).toBe(2);
  });

  it('rejects snapshots no adapter could render, with a clear message', () => {
    expect(() => createTestSession({ status: 'logged-in' as never })).toThrow(
      'unknown status "logged-in"',
    );
    expect(() => createTestSession({ staus: 'active' } as never)).toThrow(
      'unknown snapshot field "staus"',
    );
    const session = createTestSession();
    expect(() => session.setUser({ name: 'alice' } as never)).toThrow(/string `sub`/);
    expect(() => session.set({ isPolling: 'yes' as never })).toThrow(/boolean/);
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('needs no DOM', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(createTestSession({ status: 'active', user: alice }).getSnapshot().user?.sub).toBe(
      'alice',
    );
  });
});

describe('testUser', () => {
  it('builds a SessionUser with derived claims, and takes overrides', () => {
    expect(alice).toEqual({
      sub: 'alice',
      sid: 'sid-alice',
      name: 'alice',
      email: 'alice@example.com',
      profile: { sub: 'alice', sid: 'sid-alice', name: 'alice', email: 'alice@example.com' },
    });
    const bob = testUser('bob', { name: 'Bob B.', sid: undefined, locale: 'fr' });
    expect(bob).toMatchObject({ sub: 'bob', sid: undefined, name: 'Bob B.' });
    expect(bob.profile.locale).toBe('fr');
    expect(() => testUser('')).toThrow(/non-empty/);
  });
});

describe('SESSION_STATUSES', () => {
  it('lists each status once, in state-machine order', () => {
    expect(SESSION_STATUSES).toEqual([
      'idle',
      'signed-out',
      'starting',
      'active',
      'reauthenticating',
      'ended',
      'unsupported',
      'error',
    ]);
    expect(SESSION_STATUSES.every(isSessionStatus)).toBe(true);
    expect(isSessionStatus('toString')).toBe(false);
  });
});

describe('createTestSession idle countdown', () => {
  it('setIdleCountdown shows the countdown with its event; stayActive() hides it and is recorded', () => {
    const session = createTestSession({ status: 'active' }, { now: () => 1000 });
    const warnings: unknown[] = [];
    session.on('idleWarning', (w) => warnings.push(w));
    session.setIdleCountdown(5);
    expect(session.getSnapshot().idle).toEqual({ deadline: 6000, secondsLeft: 5 });
    expect(warnings).toEqual([{ deadline: 6000, secondsLeft: 5 }]);
    session.stayActive();
    expect(session.getSnapshot().idle).toBeNull();
    expect(session.callCount('stayActive')).toBe(1);
  });
});
