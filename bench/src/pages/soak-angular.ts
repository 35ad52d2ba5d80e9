// Soak: @oidc-session/angular in a zoneless app. Each cycle creates a session, bootstraps an
// application with provideOidcSession() and a component reading the service's signals, then
// destroys the application and disposes the session.
import '@angular/compiler'; // JIT, as the other Angular bench pages
import { Component, enableProdMode, inject, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { OidcSessionService, provideOidcSession } from '@oidc-session/angular';
import { createOidcSession } from '@oidc-session/core';
import { checkInterval } from './shared';
import { soakHost, soakPage } from './soak';

enableProdMode();

const SoakApp = Component({
  selector: 'soak-app',
  template: `<p><span data-testid="soak-status">{{ oidc.status() }}</span> {{ oidc.user()?.sub }}</p>`,
})(
  class {
    readonly oidc = inject(OidcSessionService);
  },
);

soakPage('soak · @oidc-session/angular', 'bench-soak-angular', async (userManager) => {
  const session = createOidcSession({ userManager, checkInterval: checkInterval() });
  soakHost().append(document.createElement('soak-app'));
  const appRef = await bootstrapApplication(SoakApp, {
    providers: [provideZonelessChangeDetection(), provideOidcSession(() => session)],
  });
  return {
    status: () => session.getSnapshot().status,
    unmount() {
      appRef.destroy();
      session.dispose();
    },
  };
});
