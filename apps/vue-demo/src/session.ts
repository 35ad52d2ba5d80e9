// The app's UserManager and its one session, created once at module scope (outside any
// component), before the app exists; the plugin starts the session and stops it on unmount.
import {
  backchannelLogoutEvents,
  createOidcSession,
  idleSignOut,
  signOutPopup,
  subscriptionTokenUrl,
} from '@oidc-session/core';
import { createUserManager } from './user-manager';

export const userManager = createUserManager();

/** The demo backend (apps/demo-backend), which receives the OP's back-channel logouts. */
export const BACKEND_ORIGIN = __BACKEND_ORIGIN__;

const INTERVAL_KEY = 'vue-demo:check-interval';

/**
 * `?interval=1000` sets the time between checks (tests use it); read once, at startup. It is kept
 * in sessionStorage because the sign-in round trip through the OP comes back on /callback without
 * the query.
 */
function checkInterval(): number {
  const fromQuery = new URLSearchParams(location.search).get('interval');
  if (fromQuery) sessionStorage.setItem(INTERVAL_KEY, fromQuery);
  const value = Number(sessionStorage.getItem(INTERVAL_KEY));
  return value > 0 ? value : 2000;
}

const IDLE_KEY = 'vue-demo:idle';

/** `?idle=60000` signs out after that long without activity in any tab (kept like `interval`). */
function idleTimeout(): number {
  const fromQuery = new URLSearchParams(location.search).get('idle');
  if (fromQuery) sessionStorage.setItem(IDLE_KEY, fromQuery);
  const value = Number(sessionStorage.getItem(IDLE_KEY));
  return value > 0 ? value : 0;
}
const idle = idleTimeout();

/**
 * The back-channel path: trade the ID Token for a `sid`-bound subscription token at the demo
 * backend, then listen to its server-sent events.
 */
const sessionEventsUrl = subscriptionTokenUrl({
  userManager,
  tokenUrl: `${BACKEND_ORIGIN}/session-token`,
  eventsUrl: `${BACKEND_ORIGIN}/session-events`,
});

export const session = createOidcSession({
  userManager,
  checkInterval: checkInterval(),
  signals: [backchannelLogoutEvents({ url: sessionEventsUrl })],
  // Local at expiry, so every tab stays on the app to show reason `idle` (default: `redirect`).
  idle: idle
    ? idleSignOut({ timeout: idle, warnBefore: Math.min(5000, idle), signOut: 'local' })
    : undefined,
  signOutPopup: signOutPopup(),
});

// The backend is optional for the rest of the demo: say so in the console when it is not there.
session.on('error', ({ reason, cause }) => {
  if (reason === 'signal-failed') console.warn('[vue-demo] back-channel events:', cause);
});

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
