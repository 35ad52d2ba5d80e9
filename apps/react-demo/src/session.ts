// The one session of this app, created at module scope (never during render), so React's
// StrictMode double mount and re-renders all share it.
import { backchannelLogoutEvents, createOidcSession } from '@oidc-session/core';
import { userManager } from './user-manager';

/** The demo backend (apps/demo-backend), which receives the OP's back-channel logouts. */
export const BACKEND_ORIGIN = __BACKEND_ORIGIN__;

/**
 * `?interval=1000` sets the time between checks, `?probe=5000` the OP reachability probe and
 * `?anonymous=1` watches the OP session before sign-in (tests use them). They are kept in sessionStorage because the sign-in round trip through the OP
 * comes back on /callback without the query.
 */
function setting(name: 'interval' | 'probe' | 'anonymous', fallback: number): number {
  const key = `react-demo:${name}`;
  const fromQuery = new URLSearchParams(location.search).get(name);
  if (fromQuery) sessionStorage.setItem(key, fromQuery);
  const value = Number(sessionStorage.getItem(key));
  return value > 0 ? value : fallback;
}

/**
 * The back-channel path. This SPA has no backend session, so it trades its ID Token for a
 * short-lived subscription token bound to its OP session (`sid`), then listens to the backend's
 * server-sent events. Called again whenever the stream must be re-opened (e.g. the token expired).
 */
async function sessionEventsUrl(): Promise<string> {
  const user = await userManager.getUser();
  if (!user?.id_token) throw new Error('no ID Token to trade for a subscription token');
  const res = await fetch(`${BACKEND_ORIGIN}/session-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id_token: user.id_token }),
  });
  if (!res.ok) throw new Error(`${BACKEND_ORIGIN}/session-token answered ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  return `${BACKEND_ORIGIN}/session-events?token=${encodeURIComponent(token)}`;
}

export const session = createOidcSession({
  userManager,
  checkInterval: setting('interval', 2000),
  probeInterval: setting('probe', 60000),
  anonymous: setting('anonymous', 0) === 1,
  signals: [backchannelLogoutEvents({ url: sessionEventsUrl })],
});

// The backend is optional for the rest of the demo: say so in the console when it is not there.
session.on('error', ({ reason, cause }) => {
  if (reason === 'signal-failed') console.warn('[react-demo] back-channel events:', cause);
});

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
