// The runtime on a manual clock (no fake timers): keyed timers, the one stale-result guard, the
// snapshot derived from state with its identity and `since` from the injected clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakePort, setup } from './fake-op';
import { ManualClock, settle } from './manual-clock';

afterEach(() => {
  document.body.innerHTML = '';
});

function started(options = {}, port = new FakePort()) {
  const clock = new ManualClock();
  const t = setup({ checkInterval: 2000, ...options }, { clock, port });
  t.session.start();
  return { ...t, clock };
}

describe('runtime on a manual clock', () => {
  it('polls only when the clock says so, one timer per key', async () => {
    const { session, frame, clock } = started();
    await settle();
    expect(session.getSnapshot().status).toBe('active');
    expect(frame.posts).toHaveLength(1);
    expect(clock.pending).toBe(1); // the poll timer (the frame and reply timers were cleared)
    await clock.advance(1999);
    expect(frame.posts).toHaveLength(1);
    await clock.advance(1);
    expect(frame.posts).toHaveLength(2);
    // A wake-up polls now and re-arms the same key: still one timer.
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(frame.posts).toHaveLength(3);
    expect(clock.pending).toBe(1);
  });

  it('stamps `since` and `getLastCheckedAt` from the injected clock', async () => {
    const { session, clock } = started();
    await settle();
    const active = session.getSnapshot();
    expect(active.since).toBe(clock.now());
    await clock.advance(2000);
    expect(session.getSnapshot()).toBe(active); // a quiet poll: same object
    expect(session.getLastCheckedAt()).toBe(clock.now());
  });

  it('drops the result of a run that has stopped, in one place', async () => {
    const { session, frame, port, clock } = started();
    await settle();
    let answer!: (v: { kind: 'session'; sub: string; sessionState: string }) => void;
    port.silentCheck.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    frame.script = 'changed';
    await clock.advance(2000);
    expect(session.getSnapshot().status).toBe('reauthenticating');
    session.stop();
    answer({ kind: 'session', sub: 'alice', sessionState: 'state-2' });
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', sessionState: 'state-1' });
    expect(port.storeSessionState).not.toHaveBeenCalled();
    expect(clock.pending).toBe(0);
  });

  it('queues events raised while one is handled (a listener calling back in)', async () => {
    const { session, clock } = started();
    await settle();
    const seen: string[] = [];
    session.subscribe(() => {
      seen.push(session.getSnapshot().status);
      if (session.getSnapshot().status === 'signed-out') session.stop();
    });
    await session.signOut({ mode: 'local' });
    await settle();
    expect(seen).toEqual(['signed-out', 'idle']);
    expect(clock.pending).toBe(0);
  });

  it('a throwing listener is reported and the effects of the transition still run', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { session, frame, clock } = started();
    session.subscribe(() => {
      throw new Error('app bug');
    });
    await settle();
    expect(error).toHaveBeenCalled();
    await clock.advance(2000);
    expect(frame.posts).toHaveLength(2);
    error.mockRestore();
  });
});

describe('runtime robustness', () => {
  it('a same-site test that throws counts as cross-site; nothing is stuck or thrown', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const clock = new ManualClock();
    const port = new FakePort();
    const sameSite = () => {
      throw new TypeError('Invalid URL');
    };
    const t = setup({}, { clock, port, sameSite });
    port.load(port.user!); // a sign-in: the first answer is the positive control
    t.frame.script = 'changed';
    t.session.start();
    await settle();
    expect(error).toHaveBeenCalledWith('[oidc-session]', expect.any(TypeError));
    expect(t.session.getSnapshot()).toMatchObject({
      status: 'unsupported',
      reason: 'third-party-cookies-blocked',
    });
    expect(t.port.silentCheck).not.toHaveBeenCalled();
    expect(t.port.removeUser).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('a port that throws synchronously is logged and the other effects still run', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const clock = new ManualClock();
    const t = setup({}, { clock });
    const post = vi.spyOn(t.bus, 'deliver');
    t.tabStorage.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    t.session.start();
    await settle();
    t.frame.script = 'changed';
    t.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await clock.advance(2000); // the loop breaker's write throws; the re-check still runs
    expect(error).toHaveBeenCalledWith('[oidc-session]', expect.any(DOMException));
    expect(t.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
    expect(post).toHaveBeenCalled(); // the other tabs were told
    error.mockRestore();
  });
});
