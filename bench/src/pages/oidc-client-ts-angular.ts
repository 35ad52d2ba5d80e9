// Subject "oidc-client-ts-angular": a zone.js Angular app whose component owns an oidc-client-ts
// UserManager with `monitorSession: true`, the way apps use oidc-client-ts directly.
import './angular-tick';
import 'zone.js';
import { Component, enableProdMode, provideZoneChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { countTicks } from './angular-tick';
import {
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  installHooks,
  isSilentCallback,
} from './shared';

const CLIENT_ID = 'bench-oidc-client-ts-angular';

async function main(): Promise<void> {
  enableProdMode(); // as a production build: no dev-mode checkNoChanges pass per tick
  let ticks = () => 0;
  const userManager = { current: null as ReturnType<typeof createUserManager> | null };
  const report = installHooks('oidc-client-ts-angular', {
    signIn: () => userManager.current!.signinRedirect(),
    signOut: () => userManager.current!.signoutRedirect(),
    counters: () => ({ changeDetections: ticks() }),
  });

  const App = Component({
    selector: 'bench-app',
    template: `<main>
      <h1>oidc-client-ts-angular</h1>
      <p>status: <span data-testid="session-status">{{ status() }}</span></p>
      <button type="button" data-testid="sign-in" (click)="um.signinRedirect()">Sign in</button>
      <button type="button" data-testid="sign-out" (click)="um.signoutRedirect()">Sign out</button>
    </main>`,
  })(
    class {
      readonly status = signal('starting');
      readonly um = createUserManager(CLIENT_ID, true);
      constructor() {
        userManager.current = this.um;
        const set = (status: string) => {
          this.status.set(status);
          report(status);
        };
        this.um.events.addUserLoaded(() => set('active'));
        this.um.events.addUserSignedOut(() => {
          set('ended');
          void this.um.removeUser();
        });
        void (async () => {
          await finishRedirect(this.um, () => this.um.signoutCallback());
          const user = await this.um.getUser();
          set(user ? 'active' : 'signed-out');
        })();
      }
    },
  );

  const appRef = await bootstrapApplication(App, { providers: [provideZoneChangeDetection()] });
  ticks = countTicks(appRef);
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else void main();
