// The `crossTab` event: every message a tab sends to or receives from the other tabs is reported,
// received ones before the session acts on them. Engines joined by a fake BroadcastChannel and
// fake Web Locks (the real ones between Chromium tabs are covered by the e2e suite).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTabEvents } from '../src/cross-tab-events';
import type { SessionEventMap } from '../src/types';
import { FakeLocks, FakePort, FakeTabBus, makeUser, setup, tick } from './fake-op';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function tab(bus: FakeTabBus, locks: FakeLocks) {
  // The harness opens its channel through `bus.open`: hand it the wrapped opener instead.
  const crossTab = crossTabEvents(bus.open);
  const harness = setup(
    {},
    {
      bus: { open: crossTab.open } as unknown as FakeTabBus,
      locks: locks as unknown as LockManager,
      port: new FakePort(makeUser()),
    },
  );
  const session = crossTab.attach(harness.session);
  const { frame, port } = harness;
  const seen: Array<SessionEventMap['crossTab'] | { checked: string }> = [];
  session.on('crossTab', (e) => seen.push(e));
  session.on('checked', (e) => seen.push({ checked: e.answer }));
  return { session, frame, port, seen };
}

describe('crossTab event', () => {
  it("reports the leader's reports, the follower's hello and a sign-out, on both sides", async () => {
    const bus = new FakeTabBus();
    const locks = new FakeLocks();
    const leader = tab(bus, locks);
    leader.session.start();
    await tick();
    const follower = tab(bus, locks);
    follower.session.start();
    await tick();
    expect(leader.session.getSnapshot().isPolling).toBe(true);
    expect(follower.session.getSnapshot().isPolling).toBe(false);
    const hello = follower.seen.find((e) => 'type' in e && e.type === 'hello');
    expect(hello).toMatchObject({ direction: 'sent', status: null, answer: null });
    const leaderId = (leader.seen.find((e) => 'type' in e && e.type === 'state') as { tab: string })
      .tab;
    expect(leader.seen).toContainEqual({ ...hello, direction: 'received' });

    follower.seen.length = 0;
    await tick(2000);
    // The follower hears the leader's check before it reports it as its own `checked`.
    expect(follower.seen).toEqual([
      {
        direction: 'received',
        type: 'state',
        tab: leaderId,
        status: 'active',
        answer: 'unchanged',
      },
      { checked: 'unchanged' },
    ]);
    expect(leader.seen.slice(-2)).toEqual([
      { checked: 'unchanged' },
      { direction: 'sent', type: 'state', tab: leaderId, status: 'active', answer: 'unchanged' },
    ]);

    await leader.session.signOut({ mode: 'local' });
    await tick();
    const end = { type: 'end', tab: null, status: 'signed-out', answer: null };
    expect(leader.seen).toContainEqual({ direction: 'sent', ...end });
    expect(follower.seen).toContainEqual({ direction: 'received', ...end });
    expect(follower.session.getSnapshot().status).toBe('signed-out');
  });

  it('stops reporting after dispose, and leaves the other events to the session', async () => {
    const bus = new FakeTabBus();
    const a = tab(bus, new FakeLocks());
    const ended = vi.fn();
    a.session.on('ended', ended);
    a.session.start();
    await tick();
    a.session.dispose();
    const count = a.seen.length;
    bus.deliver({ type: 'end', status: 'ended', reason: 'op-logout', sub: 'alice' });
    await tick(4000);
    expect(a.seen).toHaveLength(count);
    expect(ended).not.toHaveBeenCalled();
    expect(a.frame.removed).toBe(1);
  });
});
