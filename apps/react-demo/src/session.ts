// The one session of this app, created at module scope (never during render), so React's
// StrictMode double mount and re-renders all share it.
import { createOidcSession } from '@oidc-session/core';
import { userManager } from './user-manager';

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

export const session = createOidcSession({
  userManager,
  checkInterval: setting('interval', 2000),
  probeInterval: setting('probe', 60000),
  anonymous: setting('anonymous', 0) === 1,
});

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
