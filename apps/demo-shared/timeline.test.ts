// The timeline model, driven by a test session (the browser behaviour is in
// e2e/tests/demo-pages.test.mjs): what each event becomes, newest first, repeats folded, bounded.
import { createTestSession, testUser } from '@oidc-session/testing';
import { describe, expect, it } from 'vitest';
import { TIMELINE_LIMIT, timelineOf } from './timeline';

const texts = (session: Parameters<typeof timelineOf>[0]) =>
  timelineOf(session)
    .getEntries()
    .map((e) => (e.count > 1 ? `${e.text} ×${e.count}` : e.text));

describe('timeline', () => {
  it('a leader: its checks folded, the re-check and the end, newest first', async () => {
    const session = createTestSession();
    const timeline = timelineOf(session);
    expect(timelineOf(session)).toBe(timeline);
    let notified = 0;
    timeline.subscribe(() => notified++);
    session.setStatus('starting');
    session.activate(testUser('alice'));
    session.check('unchanged');
    session.check('unchanged');
    session.check('unchanged');
    session.emit('crossTab', {
      direction: 'sent',
      type: 'state',
      tab: 'abcd1234',
      status: 'active',
      answer: 'unchanged',
    });
    session.check('changed');
    session.setStatus('reauthenticating');
    session.emit('crossTab', {
      direction: 'sent',
      type: 'end',
      tab: null,
      status: 'ended',
      answer: null,
    });
    session.end('op-logout');
    expect(texts(session)).toEqual([
      'session ended: silent re-check result: login required at the OP (op-logout)',
      'told the other tabs: ended',
      'silent re-check (prompt=none) started by this tab',
      'check: changed (something happened at the OP), this tab polled',
      'check: unchanged (the OP session is as it was), this tab polled ×3',
      'status active',
      'this tab now polls the OP for every tab',
      'status starting',
    ]);
    // One burst of events, one notification, in a task of its own.
    expect(notified).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(notified).toBe(1);
    const entries = timeline.getEntries();
    expect(timeline.getEntries()).toBe(entries);
    expect(entries[4]!.kind).toBe('check');
    expect(entries[0]!.kind).toBe('ended');
  });

  it('a follower names the tab that polls, and what it heard from it', () => {
    const session = createTestSession();
    timelineOf(session); // before the first event, as the demos do
    session.activate(testUser('alice'), { isPolling: false });
    const leader = {
      direction: 'received',
      type: 'state',
      tab: 'f00dcafe',
      status: 'active',
    } as const;
    session.emit('crossTab', { ...leader, answer: null });
    session.emit('crossTab', { ...leader, answer: 'unchanged' as const });
    session.check('unchanged');
    session.emit('crossTab', { ...leader, answer: 'unchanged' as const });
    session.check('unchanged');
    session.emit('crossTab', {
      direction: 'sent',
      type: 'hello',
      tab: '12345678',
      status: null,
      answer: null,
    });
    session.emit('crossTab', {
      direction: 'received',
      type: 'end',
      tab: null,
      status: 'ended',
      answer: null,
    });
    session.end('backchannel-logout');
    expect(texts(session)).toEqual([
      "session ended: the app's backend got the OP's back-channel logout (backchannel-logout)",
      'another tab says: ended',
      'hello sent to the polling tab (joined, shown or hidden)',
      'check: unchanged (the OP session is as it was), tab f00d polled ×2',
      'tab f00d polls the OP; this tab follows it',
      'status active',
    ]);
  });

  it(`keeps the newest ${TIMELINE_LIMIT} entries`, () => {
    const session = createTestSession();
    timelineOf(session);
    for (let i = 0; i < TIMELINE_LIMIT + 10; i++) {
      session.check(i % 2 ? 'unchanged' : 'timeout');
    }
    const entries = timelineOf(session).getEntries();
    expect(entries).toHaveLength(TIMELINE_LIMIT);
    expect(entries[0]!.text).toMatch(/^check: unchanged/);
    expect(new Set(entries.map((e) => e.id)).size).toBe(TIMELINE_LIMIT);
  });

  it('a failing back-channel stream is on it; other errors show as their status', () => {
    const session = createTestSession();
    timelineOf(session);
    session.activate(testUser('alice'));
    session.emit('error', { reason: 'signal-failed', cause: new Error('down') });
    session.fail('op-error');
    expect(texts(session).slice(0, 2)).toEqual([
      'status error (op-error)',
      "back-channel events: the app's backend is not reachable",
    ]);
  });
});
