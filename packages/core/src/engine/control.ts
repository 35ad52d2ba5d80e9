// The positive control: right after a sign-in the OP iframe must answer `unchanged` for the
// session_state just issued. Anything else means the method does not work here, and whose fault
// it is depends on the site: cross-site, the browser hides the OP's cookie from the iframe
// (third-party cookies blocked); same-site the cookie is first-party, so the OP's iframe itself
// is broken. Either way `unsupported`, never `ended`; the verdict is kept per browser, so later
// page loads do not poll a method known not to work.
import type { PortUser } from '../client-port';
import type { SessionReason } from '../types';
import { type Draft, rest } from './draft';
import type { Stored } from './events';

/**
 * Whether `user`'s session_state was just issued: marked when it loaded in this tab, or an ID
 * Token issued in the last minute (a callback page that finished before the session existed).
 */
export function isFresh(user: PortUser, stored: Stored, now: number): boolean {
  const iat = user.profile.iat;
  return (
    !!user.sessionState &&
    (stored.fresh === user.sessionState || (typeof iat === 'number' && now / 1000 - iat < 60))
  );
}

/** The reason of an earlier failed control, when nothing fresh can run a new one. */
export function knownFailure(user: PortUser, stored: Stored, now: number): SessionReason | null {
  if (isFresh(user, stored, now)) return null;
  if (stored.verdict === 'blocked') return 'third-party-cookies-blocked';
  return stored.verdict === 'broken' ? 'op-iframe-broken' : null;
}

/**
 * The first answer of a fresh session_state. `unchanged` passes (returns false) and is handled
 * as any answer; anything else fails it: ask whose fault it is (same site?) and return true.
 */
export function controlFailed(d: Draft, answer: 'unchanged' | 'changed' | 'error'): boolean {
  if (answer === 'unchanged') {
    d.do({ type: 'write', key: 'verdict', value: 'works' });
    return false;
  }
  d.set({ step: { at: 'judge' } });
  d.do({ type: 'same-site', origin: d.s.frame! });
  return true;
}

/** The site question answered: record the verdict and rest in `unsupported`. */
export function onSameSite(d: Draft, sameSite: boolean): void {
  if (d.s.step.at !== 'judge') return;
  d.do({ type: 'write', key: 'verdict', value: sameSite ? 'broken' : 'blocked' });
  rest(d, 'unsupported', sameSite ? 'op-iframe-broken' : 'third-party-cookies-blocked');
}
