import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideOidcSession } from '@oidc-session/angular';
import { createOidcSession } from '@oidc-session/core';
import { routes } from './app.routes';
import { userManager } from './user-manager';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes),
    provideOidcSession(createOidcSession({ userManager })),
  ],
};
