// Monitoring one user: load the user, elect, find the OP iframe, load it, and poll it on a timer
// chain with one check in flight and a reply timeout. `unchanged` keeps the session; `changed`
// goes to the silent re-check; `error` rests in `error` (never a `prompt=none` after it).
import type { PortUser } from '../client-port';
import type { CheckAnswer, SessionUser } from '../types';
import { controlFailed, isFresh, knownFailure } from './control';
import { backOff, type Draft, halt, recovered, rest, retry, schedule, settle } from './draft';
import type { Stored } from './events';
import { elect, hello, resign } from './leadership';
import { recheck } from './recheck';
import { fail } from './sign-out';

function toSessionUser(user: PortUser): SessionUser {
  const p = user.profile;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { sub: user.sub, sid: str(p.sid), name: str(p.name), email: str(p.email), profile: p };
}

/** Start a run: show `starting` (unless `keep`) and get the client's user (`held`: this one). */
export function begin(d: Draft, keep = false, held: PortUser | null = null): void {
  if (!keep) d.show({ status: 'starting', reason: null, isPolling: false });
  d.set({ step: { at: 'user' } });
  d.do({ type: 'get-user', held });
}

/** Stop the current run and begin another. */
export function restart(d: Draft, keep = false): void {
  halt(d);
  begin(d, keep);
}

/** The client's user is here (or there is none). */
export function onUser(d: Draft, user: PortUser | null, stored: Stored): void {
  d.set({ user, anonState: null, budget: stored.budget });
  if (!user) {
    resign(d);
    d.show({ status: 'signed-out', user: null, sessionState: null });
    const anonymous = d.s.cfg.anonymous;
    return anonymous ? anonymous.begin(d) : settle(d);
  }
  const sessionUser = toSessionUser(user);
  d.show({ user: sessionUser, sessionState: user.sessionState });
  d.do({ type: 'stop-signals' }, { type: 'start-signals', user: sessionUser });
  if (!user.sessionState) {
    // An OP without Session Management sends no session_state either (oidc-provider >= 7,
    // Auth0, Zitadel, ...): ask discovery, to name that cause.
    resign(d);
    d.set({ step: { at: 'no-state-cause' } });
    return d.do({ type: 'discover' });
  }
  // An earlier positive control in this browser failed; a fresh sign-in runs it again.
  const failed = knownFailure(user, stored, d.now);
  if (failed) {
    resign(d);
    return rest(d, 'unsupported', failed);
  }
  d.set({ control: isFresh(user, stored, d.now) });
  proceed(d, elect(d, user.sub));
}

/** Go on as the election says: lead (find the iframe), follow (ask the leader), or wait. */
export function proceed(d: Draft, role: 'leader' | 'follower' | 'pending'): void {
  switch (role) {
    case 'pending':
      return d.set({ step: { at: 'lock' } });
    case 'follower':
      // The leader's reports drive the status; say hello so it reports at once.
      d.set({ step: { at: 'rest' } });
      d.show({ isPolling: false });
      return hello(d, true);
    case 'leader':
      d.set({ step: { at: 'discovery' } });
      d.do({ type: 'discover' });
  }
}

/** Why the user has no session_state; a failed discovery leaves the reason we are sure of. */
export function onNoStateCause(d: Draft, url: string | undefined, failed: boolean): void {
  rest(
    d,
    'unsupported',
    !failed && url === undefined ? 'no-check-session-iframe' : 'no-session-state',
  );
}

/** Discovery answered: the check_session_iframe URL and its origin (empty when unusable). */
export function onDiscovered(d: Draft, url: string | undefined, origin: string, failed: boolean) {
  if (failed) {
    d.show({ reason: 'op-unreachable' });
    retry(d, 'discovery');
    return settle(d);
  }
  if (!url || !origin) return rest(d, 'unsupported', 'no-check-session-iframe');
  d.set({ outage: false, settleTruth: false });
  loadFrame(d, url, origin);
}

/** Load the OP iframe; it must load and answer its first check within `frameTimeout`. */
export function loadFrame(d: Draft, url: string, origin: string): void {
  const ms = d.s.cfg.frameTimeout;
  d.set({ frame: origin, step: { at: 'frame', deadline: d.now + ms } });
  d.do({ type: 'load-frame', url, origin }, { type: 'timer', key: 'frame', ms });
}

export function onFrameLoaded(d: Draft): void {
  const step = d.s.step;
  if (step.at !== 'frame') return;
  d.do({ type: 'clear-timer', key: 'frame' });
  post(d, Math.max(step.deadline - d.now, d.s.cfg.replyTimeout), true);
}

/** Post one check: `client_id session_state`. Exactly one in flight. */
function post(d: Draft, timeout: number, first: boolean): void {
  const sessionState = d.s.user ? d.s.user.sessionState : d.s.anonState;
  d.set({ step: { at: 'check', first } });
  d.do(
    { type: 'post-check', message: `${d.s.clientId} ${sessionState}` },
    { type: 'timer', key: 'reply', ms: timeout },
  );
}

/** The poll timer fired. */
export function poll(d: Draft): void {
  if (d.s.frame !== null && d.s.step.at === 'wait') post(d, d.s.cfg.replyTimeout, false);
}

/** Check now if a poll can run (active, iframe loaded, nothing in flight). */
export function pollNow(d: Draft): boolean {
  if (d.s.view.status !== 'active' || d.s.step.at !== 'wait') return false;
  d.do({ type: 'clear-timer', key: 'poll' });
  poll(d);
  return true;
}

/** A check completed: counted, announced, and reported to the followers. */
export function record(d: Draft, answer: CheckAnswer): void {
  d.answer = answer;
  d.do({ type: 'checked', answer, at: d.now, own: true });
}

/** The iframe did not load, or did not answer a check, in time. */
export function onTimeout(d: Draft, key: 'frame' | 'reply'): void {
  const step = d.s.step;
  if (key === 'frame' ? step.at !== 'frame' : step.at !== 'check') return;
  if (key === 'frame' || (step.at === 'check' && step.first)) {
    // Anonymous monitoring gives up quietly; a user's session is kept, unsupported.
    return d.s.user ? rest(d, 'unsupported', 'iframe-timeout') : halt(d);
  }
  // The loaded iframe went quiet: transient, never a logout. Retry with backoff.
  record(d, 'timeout');
  schedule(d, backOff(d, 'poll'));
  settle(d);
}

/** The OP iframe answered the check in flight. */
export function onAnswer(d: Draft, answer: 'unchanged' | 'changed' | 'error'): void {
  const step = d.s.step;
  if (step.at !== 'check') return;
  d.do({ type: 'clear-timer', key: 'reply' });
  record(d, answer);
  if (!d.s.user) return d.s.cfg.anonymous?.onAnswer(d, answer, step.first);
  if (step.first) {
    d.report = true;
    d.do({ type: 'write', key: 'fresh', value: null });
    const control = d.s.control;
    d.set({ control: false });
    if (control && controlFailed(d, answer)) return;
    d.show({ isPolling: true });
    d.s.cfg.probe?.arm(d);
  }
  if (answer === 'unchanged') {
    if (d.s.settleTruth) {
      d.set({ settleTruth: false });
      return recheck(d, false);
    }
    recovered(d, 'poll');
    d.show({ status: 'active', reason: d.s.outage ? 'op-unreachable' : null, isPolling: true });
    schedule(d);
    return settle(d);
  }
  d.set({ settleTruth: false });
  // `error`: the spec forbids a prompt=none retry; it is how request loops start.
  if (answer === 'error') return fail(d, 'op-error');
  recheck(d, true);
}
