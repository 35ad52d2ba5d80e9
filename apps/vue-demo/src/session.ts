// The app's UserManager and its one session, created once at module scope (outside any
// component), before the app exists; the plugin starts the session and stops it on unmount.
import { createOidcSession } from '@oidc-session/core';
import { createUserManager } from './user-manager';

export const userManager = createUserManager();

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

export const session = createOidcSession({ userManager, checkInterval: checkInterval() });

// Demo-only debugging hook: lets the e2e tests (and you, in devtools) read `getStats()`.
window.__oidcSession = session;

// A hot update that replaces this module must not leave the old monitor polling.
import.meta.hot?.dispose(() => session.dispose());
