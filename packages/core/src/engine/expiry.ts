// Opt-in: expiry awareness. The deadlines an app can know without a request (the ID Token's
// `exp`, the access token's expiry, the OP session's end where `auth_time` + a configured maximum
// age gives it) go into the snapshot, and `expiring` fires `warnBefore` ahead of each, from one
// timer that outlives monitoring runs. Pure: the user's times come in with the client's user
// (oidc-client-ts's port reads them from its User).
import type { ExpiryKind, SessionExpiry } from '../types';
import type { Draft } from './draft';
import type { ExpiryFeature } from './feature';

/** The resolved options of `expiryWarnings()`. */
export interface ExpirySettings {
  readonly warnBefore: number;
  readonly opSessionMaxAge: number | undefined;
}

const KINDS: readonly ExpiryKind[] = ['idToken', 'accessToken', 'opSession'];
/** setTimeout's ceiling; a later deadline is looked at again then. */
const MAX_DELAY = 2 ** 31 - 1;

/** The pure steps of expiry warnings (`expiryWarnings()` validates the options). */
export function expirySteps({ warnBefore, opSessionMaxAge }: ExpirySettings): ExpiryFeature {
  function deadlines(d: Draft): SessionExpiry | null {
    const times = d.s.started && d.s.view.user ? d.s.user?.times : undefined;
    if (!times) return null;
    const { idToken, accessToken, authTime } = times;
    const opSession = authTime !== null && opSessionMaxAge ? authTime + opSessionMaxAge : null;
    const shown = d.s.view.expiry;
    return shown &&
      shown.idToken === idToken &&
      shown.accessToken === accessToken &&
      shown.opSession === opSession
      ? shown
      : { idToken, accessToken, opSession };
  }

  return {
    sync(d, timer) {
      const expiry = deadlines(d);
      if (expiry === d.s.view.expiry && !timer) return;
      d.show({ expiry });
      if (!expiry) {
        d.set({ warned: {} });
        return d.do({ type: 'expiry-timer', ms: null });
      }
      let next = Infinity;
      const warned = { ...d.s.warned };
      for (const kind of KINDS) {
        const at = expiry[kind];
        if (at === null || warned[kind] === at) continue;
        if (d.now >= at - warnBefore) {
          warned[kind] = at;
          d.emit('expiring', { kind, at });
        } else next = Math.min(next, at - warnBefore);
      }
      d.set({ warned });
      d.do({
        type: 'expiry-timer',
        ms: next === Infinity ? null : Math.min(next - d.now, MAX_DELAY),
      });
    },
  };
}
