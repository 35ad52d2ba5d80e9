// The positive control: right after a sign-in the OP iframe must answer `unchanged` for the
// session_state just issued. Anything else means the iframe cannot read the OP's cookie in this
// browser (third-party cookies blocked or partitioned): `unsupported`, never `ended`. The verdict
// is kept per browser, so later page loads do not poll a method known not to work.
import type { PortUser } from '../client-port';
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

/** A verdict `blocked` from an earlier control, and nothing fresh to run a new one on. */
export function knownBlocked(user: PortUser, stored: Stored, now: number): boolean {
  return stored.verdict === 'blocked' && !isFresh(user, stored, now);
}

/**
 * The first answer of a fresh session_state. Returns `true` when the control failed and the
 * session now rests in `unsupported`; `unchanged` passes and is handled as any answer.
 */
export function controlFailed(d: Draft, answer: 'unchanged' | 'changed' | 'error'): boolean {
  d.do({ type: 'write', key: 'verdict', value: answer === 'unchanged' ? 'works' : 'blocked' });
  if (answer === 'unchanged') return false;
  rest(d, 'unsupported', 'third-party-cookies-blocked');
  return true;
}
