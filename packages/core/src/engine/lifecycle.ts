// The session's life in the page: start and stop, the app's checkNow, the tab shown or hidden,
// frozen or resumed, the client loading a user, and a queued lock granted (the leader left).
import type { PortUser } from '../client-port';
import type { SessionStatus } from '../types';
import { type Draft, halt, settle } from './draft';
import { hello, resign } from './leadership';
import { begin, pollNow, restart } from './monitor';

export function start(d: Draft, hidden: boolean): void {
  d.set({ started: true, hidden });
  restart(d);
}

export function stop(d: Draft): void {
  halt(d);
  d.do({ type: 'stop-signals' });
  resign(d);
  d.set({ started: false });
  d.show({ status: 'idle', reason: null, isPolling: false });
  settle(d);
}

/** A run is under way (or monitoring), so `checkNow` needs no new one. */
function running(status: SessionStatus): boolean {
  switch (status) {
    case 'starting':
    case 'reauthenticating':
    case 'active':
      return true;
    case 'idle':
    case 'signed-out':
    case 'ended':
    case 'unsupported':
    case 'error':
      return false;
  }
}

/** The app asks for a check now (the session is started). */
export function checkNow(d: Draft): void {
  const role = d.s.role.kind;
  if (role === 'candidate' || role === 'follower') return hello(d, true);
  if (!pollNow(d) && !running(d.s.view.status)) restart(d);
}

/** The tab became visible or hidden, got focus, or the browser came back online. */
export function wake(d: Draft, hidden: boolean): void {
  d.set({ hidden });
  const role = d.s.role.kind;
  if (role === 'candidate' || role === 'follower') return hello(d, !hidden);
  if (!hidden) pollNow(d);
}

/** Page Lifecycle: a frozen leader hands over; a frozen follower is not visible. */
export function freeze(d: Draft): void {
  if (d.s.role.kind !== 'leader') return hello(d, false, false);
  resign(d);
  halt(d);
  d.show({ isPolling: false });
}

export function resume(d: Draft): void {
  if (d.s.view.user) restart(d, true);
}

/** The client loaded a user: a sign-in, or a renew. */
export function onUserLoaded(d: Draft, user: PortUser): void {
  const current = d.s.user;
  // A session_state we have not seen was just issued: it is the one to run the control on.
  if (user.sessionState && user.sessionState !== current?.sessionState) {
    d.do({ type: 'write', key: 'fresh', value: user.sessionState });
  }
  // A renew that kept the user and the OP session (refresh token, same session_state) changes
  // nothing the monitor watches: keep the iframe and the poll going.
  if (current && user.sub === current.sub && user.sessionState === current.sessionState) {
    return d.set({ user });
  }
  if (d.s.started) restart(d);
}

/** A queued lock request was granted: the leader closed, froze or dropped the user. */
export function onLockGranted(d: Draft, sub: string): void {
  const role = d.s.role;
  if (role.kind === 'none' || role.sub !== sub) return;
  d.set({ role: { kind: 'leader', sub, peers: [] } });
  // Keep the user held here: a store shared by the tabs may already be empty because the old
  // leader is ending the session, and its `end` message is on the way and must find it.
  if (d.s.started) {
    halt(d);
    begin(d, true, d.s.user);
  }
}
