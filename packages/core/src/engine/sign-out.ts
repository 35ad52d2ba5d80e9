// Ending the local session: the OP session is over (`ended`), the app signed out, or `onError`
// says to sign out. Monitoring stops, the other tabs are told (unless they told us), the status
// shows at once and the client's user is removed after (the `ended` event fires once it is gone).
import type { SessionReason } from '../types';
import { type Draft, halt, rest, settle } from './draft';
import { resign } from './leadership';

/** Stop, tell the other tabs (unless `fromTab`), show `status`, remove the local user. */
export function dropUser(
  d: Draft,
  status: 'ended' | 'signed-out',
  reason: SessionReason,
  fromTab = false,
): void {
  const ended = status === 'ended' ? { reason, user: d.s.view.user } : null;
  const sub = d.s.user?.sub ?? d.s.view.user?.sub ?? null;
  // The other tabs hear it first, so they show it while this one is still tearing down (removing
  // the iframe is the slow part); and the next leader hears it before it looks for a user.
  if (!fromTab) d.do({ type: 'post-tab', message: { type: 'end', status, reason, sub } });
  halt(d);
  d.do({ type: 'stop-signals' });
  resign(d);
  d.set({ user: null, removal: { ended } });
  d.show({ status, reason, user: null, sessionState: null, isPolling: false });
  d.do({ type: 'remove-user' });
  settle(d);
}

/** The OP session of this user is over. */
export function end(d: Draft, reason: SessionReason, fromTab = false): void {
  dropUser(d, 'ended', reason, fromTab);
}

/** Rest in `error`; with `onError: 'sign-out'`, sign out locally too. */
export function fail(d: Draft, reason: SessionReason, cause?: unknown): void {
  rest(d, 'error', reason, cause);
  if (d.s.cfg.onError === 'sign-out') dropUser(d, 'signed-out', reason);
}

/** `removeUser` finished: the `ended` event, promised "once the local user is removed". */
export function onRemoved(d: Draft): void {
  const ended = d.s.removal?.ended;
  d.set({ removal: null });
  if (ended) d.emit('ended', ended);
}

/** The app removed the user itself (`userManager.removeUser()`, or another tab's shared store). */
export function onUserUnloaded(d: Draft): void {
  if (d.s.removal || !d.s.started) return;
  halt(d);
  resign(d);
  d.set({ user: null });
  d.show({
    status: 'signed-out',
    reason: 'signed-out',
    user: null,
    sessionState: null,
    isPolling: false,
  });
  settle(d);
}
