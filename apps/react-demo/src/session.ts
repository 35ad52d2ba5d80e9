// The one session of this app, created at module scope (never during render), so React's
// StrictMode double mount and re-renders all share it.
import {
  anonymousSessions,
  backchannelLogoutEvents,
  createOidcSession,
  idleSignOut,
  opProbe,
  signOutPopup,
  subscriptionTokenUrl,
} from '@oidc-session/core';
import { userManager } from './user-manager';

/** The demo backend (apps/demo-backend), which receives the OP's back-channel logouts. */
export const BACKEND_ORIGIN = __BACKEND_ORIGIN__;

/**
 * `?interval=1000` sets the time between checks, `?probe=5000` the OP reachability probe and
 * `?anonymous=1` watches the OP session before sign-in, `?idle=60000` signs out after that long
 * without activity in any tab, with a countdown 5 s before (tests use them). They are kept in sessionStorage because the sign-in round trip through the OP
 * comes back on /callback without the query.
 */
function setting(name: 'interval' | 'probe' | 'anonymous' | 'idle', fallback: number): number {
  const key = `react-demo:${name}`;
  const fromQuery = new URLSearchParams(location.search).get(name);
  if (fromQuery) sessionStorage.setItem(key, fromQuery);
  const value = Number(sessionStorage.getItem(key));
  return value > 0 ? value : fallback;
}

/**
 * The back-channel path. This SPA has no backend session, so it trades its ID Token for a
 * short-lived subscription token bound to its OP session (`sid`) at the demo backend, then
 * listens to the backend's server-sent events.
 */
const sessionEventsUrl = subscriptionTokenUrl({
  userManager,
  tokenUrl: `${BACKEND_ORIGIN}/session-token`,
  eventsUrl: `${BACKEND_ORIGIN}/session-events`,
});

const idleTimeout = setting('idle', 0);

export const session = createOidcSession({
  userManager,
  checkInterval: setting('interval', 2000),
  // The opt-in parts: the demo ships both (an app that does not import them does not).
  probe: opProbe(),
  probeInterval: setting('probe', 60000),
  anonymous: setting('anonymous', 0) === 1 ? anonymousSessions() : undefined,
  signals: [backchannelLogoutEvents({ url: sessionEventsUrl })],
  // The demo signs out locally at idle expiry so every tab stays on the app to show reason `idle`;
  // the default (`redirect`) also ends the OP session.
  idle: idleTimeout
    ? idleSignOut({
        timeout: idleTimeout,
        warnBefore: Math.min(5000, idleTimeout),
        signOut: 'local',
      })
    : undefined,
  signOutPopup: signOutPopup(),
});

// The backend is optional for the rest of the demo: say so in the console when it is not there.
session.on('error', ({ reason, cause }) => {
  if (reason === 'signal-failed') console.warn('[react-demo] back-channel events:', cause);
});

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
