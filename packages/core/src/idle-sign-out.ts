// Opt-in idle sign-out: `createOidcSession({ idle: idleSignOut({ timeout, warnBefore }) })`. The
// countdown is pure engine steps (engine/idle.ts); this file adds the option checks and the page
// watcher, so an app that does not import it ships neither.
import { idleSteps } from './engine/idle';
import type { IdleFeature } from './engine/feature';
import { OidcSessionError } from './errors';

/** Options of {@link idleSignOut}. Times are in milliseconds. */
export interface IdleSignOutOptions {
  /** Sign out after this long without activity in any tab of the app. */
  timeout: number;
  /** Show the countdown (snapshot `idle`, event `idleWarning`) this long before. Default 60000, at most `timeout`. */
  warnBefore?: number;
  /**
   * At expiry: `redirect` (default) or `post` also end the OP session (RP-initiated logout from
   * the tab whose timer fired first, the polling tab normally); `local` removes the local user only.
   */
  signOut?: 'redirect' | 'post' | 'local';
}

/** What counts as the user being here. Pointer moves are throttled before they reach the engine. */
const ACTIVITY = [
  'pointerdown',
  'pointermove',
  'keydown',
  'wheel',
  'touchstart',
  'visibilitychange',
];
/** The watcher reports at most once per this many ms (the engine throttles again, per browser). */
const REPORT_EVERY = 250;

/**
 * Sign out after inactivity, consistently across the tabs of the app: activity (pointer, keys, the
 * page shown again) in any tab restarts one shared countdown, passed to the other tabs over the
 * tab channel (no network). During the last `warnBefore` ms the snapshot's `idle` shows the
 * deadline and the seconds left and `idleWarning` fires each second; `session.stayActive()`
 * restarts it. At the deadline every tab shows `signed-out` with reason `idle`.
 *
 * @throws OidcSessionError (code `config`) when `timeout` is not a positive number or
 * `warnBefore` is negative or larger than `timeout`.
 */
export function idleSignOut(options: IdleSignOutOptions): IdleFeature {
  const { timeout, warnBefore = Math.min(60000, timeout), signOut = 'redirect' } = options ?? {};
  if (typeof timeout !== 'number' || !(timeout > 0 && timeout < 2 ** 31)) {
    throw new OidcSessionError(
      'config',
      `idleSignOut: \`timeout\` must be a positive number of ms, got ${String(timeout)}.`,
    );
  }
  if (typeof warnBefore !== 'number' || !(warnBefore >= 0 && warnBefore <= timeout)) {
    throw new OidcSessionError(
      'config',
      `idleSignOut: \`warnBefore\` must be between 0 and \`timeout\`, got ${String(warnBefore)}.`,
    );
  }
  if (signOut !== 'redirect' && signOut !== 'post' && signOut !== 'local') {
    throw new OidcSessionError(
      'config',
      `idleSignOut: \`signOut\` must be 'redirect', 'post' or 'local', got ${String(signOut)}.`,
    );
  }
  return {
    ...idleSteps({ timeout, warnBefore, signOut }),
    watch(report) {
      let last = 0;
      const seen = () => {
        // A hidden page's visibilitychange is not the user coming back.
        if (document.visibilityState === 'hidden' || Date.now() - last < REPORT_EVERY) return;
        last = Date.now();
        report();
      };
      const opts = { capture: true, passive: true };
      for (const type of ACTIVITY) window.addEventListener(type, seen, opts);
      return () => {
        for (const type of ACTIVITY) window.removeEventListener(type, seen, opts);
      };
    },
  };
}
