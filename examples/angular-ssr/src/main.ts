import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { getUserManager } from './app/session';

// The hidden iframe of the silent re-check only hands its answer to the parent window: no app,
// no second session there.
if (location.pathname === '/silent-callback') {
  void getUserManager().signinCallback();
} else {
  bootstrapApplication(App, appConfig).catch((err: unknown) => console.error(err));
}
