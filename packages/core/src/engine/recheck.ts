// The silent re-check and its loop breaker. The OP iframe said `changed`: one `prompt=none`
// request finds out why. Same user: store the new session_state and carry on. `login_required`
// or another user: the session is over. A failed request is transient (backoff, never `ended`)
// while the OP is unreachable; an OP that answers other requests but never this one (a login
// page that refuses to be framed instead of `login_required`) gets a few tries, then `error`.
// The loop breaker allows `reauthLimit` re-checks per `reauthWindow`, counted in the tab's
// storage so a page that reloads itself on every `changed` cannot reset it.
import type { SilentCheckResult } from '../client-port';
import { type Draft, recovered, retry, schedule, settle } from './draft';
import { end, fail } from './sign-out';

/** Silent re-checks that may fail while the OP answers other requests, then `error`. */
const SILENT_TIMEOUTS = 3;
/** Longest time in `reauthenticating` while the OP answers other requests. */
const REAUTH_DEADLINE = 60000;

/** The loop breaker's attempts from storage; anything malformed counts as none. */
export function parseBudget(stored: unknown): number[] {
  return Array.isArray(stored) ? stored.filter((t): t is number => typeof t === 'number') : [];
}

/** Charge one re-check to the loop breaker; `false` when its budget is spent. */
export function charge(d: Draft): boolean {
  const { reauthLimit, reauthWindow } = d.s.cfg;
  const now = d.now;
  const recent = d.s.budget.filter((t) => t > now - reauthWindow && t <= now);
  if (recent.length >= reauthLimit) return false;
  const budget = [...recent, now];
  d.set({ budget });
  d.do({ type: 'write', key: 'reauth', value: JSON.stringify(budget) });
  return true;
}

/** A re-check that ended the session was no loop: the next session starts with a full budget. */
function refund(d: Draft): void {
  d.set({ budget: [] });
  d.do({ type: 'write', key: 'reauth', value: null });
}

/**
 * Ask the OP silently. `fresh`: a new `changed`, charged to the loop breaker; otherwise a retry
 * after a network failure (paced by backoff, not charged) or the check after an OP outage.
 */
export function recheck(d: Draft, fresh: boolean): void {
  if (fresh && !charge(d)) return fail(d, 'reauth-loop');
  if (fresh || d.s.view.status !== 'reauthenticating') {
    d.set({ episode: { since: d.now, timeouts: 0 } });
  }
  d.show({ status: 'reauthenticating', reason: fresh ? null : d.s.view.reason });
  d.set({ step: { at: 'recheck' } });
  d.do({ type: 'silent-check', reauth: true });
}

/** The silent request came back (`null`: it failed on the way, with `cause`). */
export function onRecheck(d: Draft, result: SilentCheckResult | null, cause?: unknown): void {
  if (!result) {
    // Only a failed probe means the OP is unreachable.
    d.set({ step: { at: 'recheck-probe', cause } });
    return d.do({ type: 'probe' });
  }
  recovered(d, 'recheck');
  switch (result.kind) {
    case 'rejected':
      return fail(d, 'reauth-rejected', result);
    case 'login-required':
      refund(d);
      return end(d, 'op-logout');
    case 'session':
      if (result.sub !== d.s.user?.sub) {
        refund(d);
        return end(d, 'user-switched');
      }
      d.set({ step: { at: 'store', sessionState: result.sessionState } });
      d.do({ type: 'store-session-state', sessionState: result.sessionState });
  }
}

/**
 * Whether the OP answered the probe after a failed re-check. Reachable: one more failure of this
 * episode; past the bound (each try may leave state at the OP, and waiting longer tells nothing
 * new) rest in `error`. Unreachable: retry with backoff, the minute counting from when it is back.
 */
export function onRecheckProbed(d: Draft, reachable: boolean, cause: unknown): void {
  const { since, timeouts } = d.s.episode;
  if (reachable) {
    if (timeouts + 1 >= SILENT_TIMEOUTS || d.now - since >= REAUTH_DEADLINE) {
      return fail(d, 'reauth-timeout', cause);
    }
    d.set({ episode: { since, timeouts: timeouts + 1 } });
  } else d.set({ episode: { since: d.now, timeouts } });
  d.show({ reason: reachable ? null : 'op-unreachable' });
  retry(d, 'recheck');
  settle(d);
}

/** The new session_state is stored: monitor it. */
export function onStored(d: Draft, sessionState: string): void {
  const user = d.s.user!;
  d.set({ user: { ...user, sessionState } });
  d.show({ status: 'active', reason: null, sessionState });
  d.emit('changed', { sessionState, user: d.s.view.user! });
  schedule(d);
  settle(d);
}
