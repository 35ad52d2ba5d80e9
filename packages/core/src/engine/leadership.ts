// One poller per browser and user: the tabs holding a user elect a leader (a Web Lock named after
// the user); only the leader loads the OP iframe and polls, and it reports every check and status
// to the followers, which mirror it. Followers say when they join, show or hide (`hello`).
import type { StateMessage, TabMessage } from '../tab-messages';
import type { SessionStatus } from '../types';
import { type Draft, settle } from './draft';
import type { SessionState } from './state';

/** Statuses a leader reports to its followers (the others travel as `end` messages or not at all). */
function reported(status: SessionStatus): status is StateMessage['status'] {
  switch (status) {
    case 'starting':
    case 'active':
    case 'reauthenticating':
    case 'unsupported':
    case 'error':
      return true;
    case 'idle':
    case 'signed-out':
    case 'ended':
      return false;
  }
}

/**
 * Become a candidate leader for `sub`. Returns `leader` or `follower` when that is already
 * settled, `pending` while the lock's answer is on its way (a `lock` event follows). Without
 * Web Locks every tab leads itself.
 */
export function elect(d: Draft, sub: string): 'leader' | 'follower' | 'pending' {
  const role = d.s.role;
  if (role.kind !== 'none' && role.sub === sub) {
    return role.kind === 'candidate' ? 'pending' : role.kind;
  }
  resign(d);
  if (!d.s.locks) {
    d.set({ role: { kind: 'leader', sub, peers: [] } });
    return 'leader';
  }
  d.set({ role: { kind: 'candidate', sub } });
  d.do({ type: 'lock', sub });
  return 'pending';
}

/** The lock's first answer: lead now, or wait in the queue and follow. */
export function onLock(d: Draft, leads: boolean): void {
  const role = d.s.role;
  if (role.kind !== 'candidate') return;
  d.set({
    role: leads
      ? { kind: 'leader', sub: role.sub, peers: [] }
      : { kind: 'follower', sub: role.sub, leaderTab: null },
  });
}

/** Give up leading or waiting to lead; the next tab in the queue takes over. */
export function resign(d: Draft): void {
  if (d.s.role.kind === 'none') return;
  d.do({ type: 'unlock' });
  d.set({ role: { kind: 'none' } });
}

/** Candidate or follower: tell the leader we are here; `check` asks it to check now. */
export function hello(d: Draft, check: boolean, visible = !d.s.hidden): void {
  const role = d.s.role;
  if (role.kind === 'candidate' || role.kind === 'follower') {
    d.do({
      type: 'post-tab',
      message: { type: 'hello', tab: d.s.tab, sub: role.sub, visible, check },
    });
  }
}

/**
 * After every transition: a leader tells its followers when what they show changed, when it
 * recorded an answer (once a follower has said hello: a lone tab posts nothing per quiet check),
 * or when asked to (a follower said hello, or the first answer of a new leader, which followers
 * must hear to greet it).
 */
export function reportToFollowers(prev: SessionState, d: Draft): void {
  const { role, view } = d.s;
  if (role.kind !== 'leader' || !d.s.locks || !reported(view.status)) return;
  const changed =
    view.status !== prev.view.status ||
    view.reason !== prev.view.reason ||
    view.sessionState !== prev.view.sessionState;
  if (!changed && !(d.answer && role.heard) && !d.report) return;
  d.do({
    type: 'post-tab',
    message: {
      type: 'state',
      tab: d.s.tab,
      sub: role.sub,
      status: view.status,
      reason: view.reason,
      sessionState: view.sessionState,
      answer: d.answer,
    },
  });
}

/** A leader hears from a follower: track which followers are visible; check now if asked. */
export function onHello(
  d: Draft,
  m: TabMessage & { type: 'hello' },
  pollNow: (d: Draft) => boolean,
): void {
  const role = d.s.role;
  if (role.kind !== 'leader') return;
  const peers = role.peers.filter((t) => t !== m.tab);
  if (m.visible) peers.push(m.tab);
  d.set({ role: { ...role, peers, heard: true } });
  if (!(m.check && pollNow(d))) d.report = true;
}

/** A follower mirrors its leader's report, and adopts the session_state the leader confirmed. */
export function mirror(d: Draft, m: StateMessage): void {
  const role = d.s.role;
  if (role.kind !== 'follower' || role.sub !== m.sub) return;
  if (m.tab !== role.leaderTab) {
    // A new leader knows nothing of this tab yet.
    d.set({ role: { ...role, leaderTab: m.tab } });
    if (!d.s.hidden) hello(d, false);
  }
  const user = d.s.user;
  if (m.sessionState && user && m.sessionState !== user.sessionState) {
    d.set({ user: { ...user, sessionState: m.sessionState } });
    d.do({ type: 'store-session-state', sessionState: m.sessionState });
    d.show({ sessionState: m.sessionState });
    d.emit('changed', { sessionState: m.sessionState, user: d.s.view.user! });
  }
  const was = d.s.view.status;
  d.show({ status: m.status, reason: m.reason, isPolling: false });
  if (m.status !== was) {
    if (m.status === 'unsupported') d.emit('unsupported', { reason: m.reason! });
    if (m.status === 'error') d.emit('error', { reason: m.reason! });
  }
  if (m.answer) d.do({ type: 'checked', answer: m.answer, at: d.now, own: false });
  if (m.answer || (m.status !== 'starting' && m.status !== 'reauthenticating')) settle(d);
}
