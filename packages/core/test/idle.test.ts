// Idle sign-out in the runtime on a manual clock: tabs joined by the fake channel share one
// deadline; activity in one resets all; expiry signs every tab out with reason `idle`.
import { afterEach, describe, expect, it } from 'vitest';
import { OidcSessionError } from '../src/errors';
import { idleSignOut } from '../src/idle-sign-out';
import { parseTabMessage } from '../src/tab-messages';
import { FakeLocks, FakePort, FakeTabBus, setup } from './fake-op';
import { ManualClock, settle } from './manual-clock';

afterEach(() => {
  document.body.innerHTML = '';
});

async function tabs(n: number, signOut: 'local' | 'redirect' = 'local') {
  const clock = new ManualClock();
  const bus = new FakeTabBus();
  const locks = new FakeLocks() as unknown as LockManager;
  const all = Array.from({ length: n }, () =>
    setup(
      { idle: idleSignOut({ timeout: 10000, warnBefore: 5000, signOut }) },
      { clock, bus, locks, port: new FakePort() },
    ),
  );
  for (const t of all) t.session.start();
  await settle();
  return { clock, bus, all };
}

describe('idle sign-out across tabs', () => {
  it('counts down in every tab; stayActive() in one clears the warning in all', async () => {
    const { clock, all } = await tabs(2);
    const [a, b] = all;
    await clock.advance(5000);
    for (const t of all) {
      expect(t.session.getSnapshot().idle).toEqual({
        deadline: expect.any(Number),
        secondsLeft: 5,
      });
    }
    await clock.advance(2000);
    expect(b!.session.getSnapshot().idle?.secondsLeft).toBe(3);
    b!.session.stayActive();
    await settle();
    for (const t of all) expect(t.session.getSnapshot().idle).toBeNull();
    // Both count to the same new deadline.
    await clock.advance(5000);
    expect(a!.session.getSnapshot().idle).toEqual(b!.session.getSnapshot().idle);
  });

  it('page activity counts (pointer, keys), throttled', async () => {
    const { clock, bus, all } = await tabs(1);
    const sent = () => bus.sent.filter((m) => (m as { type: string }).type === 'activity').length;
    const before = sent();
    await clock.advance(5000);
    expect(all[0]!.session.getSnapshot().idle).not.toBeNull();
    for (let i = 0; i < 20; i++) window.dispatchEvent(new Event('pointermove'));
    window.dispatchEvent(new Event('keydown'));
    await settle();
    expect(all[0]!.session.getSnapshot().idle).toBeNull();
    expect(sent() - before).toBe(1);
  });

  it('at the deadline every tab is signed out with reason idle; one idle timer per tab at most', async () => {
    const { clock, all } = await tabs(3);
    await clock.advance(9999);
    for (const t of all) expect(t.session.getSnapshot().status).toBe('active');
    await clock.advance(1);
    for (const t of all) {
      expect(t.session.getSnapshot()).toMatchObject({
        status: 'signed-out',
        reason: 'idle',
        idle: null,
      });
      expect(t.port.removeUser).toHaveBeenCalledTimes(1);
    }
  });

  it('signOut redirect (default) sends one tab to end_session_endpoint after the local sign-out', async () => {
    const { clock, all } = await tabs(2, 'redirect');
    await clock.advance(10000);
    await clock.advance(1000);
    const navigations = all.flatMap((t) => t.navigate.mock.calls);
    expect(navigations).toHaveLength(1);
    expect(new URL(navigations[0]![0] as string).searchParams.get('id_token_hint')).toBe(
      'id-token-of-alice',
    );
  });

  it('rejects bad options with a config error', () => {
    expect(() => idleSignOut({ timeout: 0 })).toThrow(OidcSessionError);
    expect(() => idleSignOut({ timeout: 1000, warnBefore: 2000 })).toThrow(/warnBefore/);
    expect(() => idleSignOut({ timeout: 1000, signOut: 'popup' as 'local' })).toThrow(/signOut/);
    expect(() => setup({ idle: true as never })).toThrow(/idleSignOut/);
  });

  it('the tab-message parser takes activity with a sub and a finite time only', () => {
    expect(parseTabMessage({ type: 'activity', sub: 'alice', at: 1 })).not.toBeNull();
    expect(parseTabMessage({ type: 'activity', sub: 'alice', at: Infinity })).toBeNull();
    expect(parseTabMessage({ type: 'activity', sub: '', at: 1 })).toBeNull();
    expect(parseTabMessage({ type: 'activity', at: 1 })).toBeNull();
    expect(
      parseTabMessage({ type: 'end', status: 'signed-out', reason: 'idle', sub: 'a' }),
    ).not.toBeNull();
  });
});
