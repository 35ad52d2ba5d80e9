import { inject, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideRouter, type Routes } from '@angular/router';
import { provideOidcSession } from '@oidc-session/angular';
import {
  backchannelLogoutEvents,
  createOidcSession,
  idleSignOut,
  signOutPopup,
  type OidcSession,
} from '@oidc-session/core';
import { sessionEventsUrl } from './backchannel';
import { CallbackPage } from './callback-page';
import { HomePage } from './home-page';
import { LogoutCallbackPage } from './logout-callback-page';
import { USER_MANAGER } from './user-manager';
import { timelineOf } from '@oidc-session/demo-shared/timeline';

declare global {
  interface Window {
    /** Demo-only debugging hook (the e2e tests read `getStats()`); not something apps should do. */
    __oidcSession?: OidcSession;
  }
}

const routes: Routes = [
  { path: '', component: HomePage, title: 'oidc-session · Angular demo' },
  { path: 'callback', component: CallbackPage },
  { path: 'logout-callback', component: LogoutCallbackPage },
  { path: '**', redirectTo: '' },
];

const INTERVAL_KEY = 'angular-demo:check-interval';

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

const IDLE_KEY = 'angular-demo:idle';

/** `?idle=60000` signs out after that long without activity in any tab (kept like `interval`). */
function idleTimeout(): number {
  const fromQuery = new URLSearchParams(location.search).get('idle');
  if (fromQuery) sessionStorage.setItem(IDLE_KEY, fromQuery);
  const value = Number(sessionStorage.getItem(IDLE_KEY));
  return value > 0 ? value : 0;
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(routes),
    provideOidcSession(() => {
      const userManager = inject(USER_MANAGER);
      const idle = idleTimeout();
      const session = createOidcSession({
        userManager,
        checkInterval: checkInterval(),
        signals: [backchannelLogoutEvents({ url: sessionEventsUrl(userManager) })],
        // Local at expiry, so every tab stays on the app to show reason `idle` (default: `redirect`).
        idle: idle
          ? idleSignOut({ timeout: idle, warnBefore: Math.min(5000, idle), signOut: 'local' })
          : undefined,
        signOutPopup: signOutPopup(),
      });
      // The backend is optional for the rest of the demo: say so in the console when it is not there.
      session.on('error', ({ reason, cause }) => {
        if (reason === 'signal-failed') console.warn('[angular-demo] back-channel events:', cause);
      });
      window.__oidcSession = session;
      timelineOf(session); // before the service starts it: the first check is on the timeline
      return session;
    }),
  ],
};
