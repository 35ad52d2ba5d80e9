import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { userManager } from './app/user-manager';

// The hidden iframe of the silent re-check only hands its answer to the parent window: no app,
// no second session there.
if (location.pathname === '/silent-callback') {
  void userManager.signinCallback();
} else {
  bootstrapApplication(App, appConfig).catch((err: unknown) => console.error(err));
}
