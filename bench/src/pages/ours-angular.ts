// Subject "ours-angular": @oidc-session/angular in a zone.js app (the default of most existing
// Angular apps, and the one where a poller inside the zone costs a change detection per poll).
import './angular-tick';
import 'zone.js';
import {
  Component,
  enableProdMode,
  effect,
  inject,
  provideZoneChangeDetection,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { OidcSessionService, provideOidcSession } from '@oidc-session/angular';
import { createOidcSession, handleSignOutCallback } from '@oidc-session/core';
import { countTicks } from './angular-tick';
import {
  checkInterval,
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  installHooks,
  isSilentCallback,
} from './shared';

const CLIENT_ID = 'bench-ours-angular';

async function main(): Promise<void> {
  enableProdMode(); // as a production build: no dev-mode checkNoChanges pass per tick
  const userManager = createUserManager(CLIENT_ID, false);
  const session = createOidcSession({ userManager, checkInterval: checkInterval() });
  let ticks = () => 0;
  const report = installHooks('ours-angular', {
    signIn: () => session.signIn(),
    signOut: () => session.signOut(),
    counters: () => ({ ...session.getStats(), changeDetections: ticks() }),
  });
  await finishRedirect(userManager, handleSignOutCallback);

  const App = Component({
    selector: 'bench-app',
    template: `<main>
      <h1>ours-angular</h1>
      <p>status: <span data-testid="session-status">{{ oidc.status() }}</span></p>
      <button type="button" data-testid="sign-in" (click)="oidc.signIn()">Sign in</button>
      <button type="button" data-testid="sign-out" (click)="oidc.signOut()">Sign out</button>
    </main>`,
  })(
    class {
      readonly oidc = inject(OidcSessionService);
      constructor() {
        effect(() => report(this.oidc.status()));
      }
    },
  );

  const appRef = await bootstrapApplication(App, {
    providers: [provideZoneChangeDetection(), provideOidcSession(() => session)],
  });
  ticks = countTicks(appRef);
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else void main();
