// The one session of this app, created at module scope (never during render), so React's
// StrictMode double mount and re-renders all share it.
import { createOidcSession } from '@oidc-session/core';
import { userManager } from './user-manager';

const INTERVAL_KEY = 'react-demo:check-interval';

/**
 * `?interval=1000` sets the time between checks (tests use it). It is kept in sessionStorage
 * because the sign-in round trip through the OP comes back on /callback without the query.
 */
function checkInterval(): number {
  const fromQuery = new URLSearchParams(location.search).get('interval');
  if (fromQuery) sessionStorage.setItem(INTERVAL_KEY, fromQuery);
  const value = Number(sessionStorage.getItem(INTERVAL_KEY));
  return value > 0 ? value : 2000;
}

export const session = createOidcSession({ userManager, checkInterval: checkInterval() });

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
