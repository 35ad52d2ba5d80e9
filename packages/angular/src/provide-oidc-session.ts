import {
  inject,
  makeEnvironmentProviders,
  PLATFORM_ID,
  provideEnvironmentInitializer,
  type EnvironmentProviders,
} from '@angular/core';
import { resolveSession, type OidcSessionSource } from '@oidc-session/core';
import { OidcSessionService } from './oidc-session-service';
import { OIDC_SESSION } from './oidc-session-token';

/**
 * Provide the app's session, application-wide (`bootstrapApplication` providers or an
 * `ApplicationConfig`). Monitoring starts with the application (in the browser only) and stops
 * when the application is destroyed; the session is not disposed, since the app may not own it.
 *
 * @param session the session, or a factory run in an injection context (it may `inject()`). The
 *   factory runs in the browser only: on a server platform (SSR, prerendering) the app gets an
 *   idle stand-in (`createServerSession()`), so a session whose `UserManager` is built from
 *   `location` never runs there.
 */
export function provideOidcSession(session: OidcSessionSource): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: OIDC_SESSION,
      // PLATFORM_ID is 'browser' in browsers (what isPlatformBrowser checks).
      useFactory: () => resolveSession(session, inject(PLATFORM_ID) === 'browser'),
    },
    { provide: OidcSessionService, useFactory: () => new OidcSessionService() },
    // Create the service with the app, so monitoring starts even before a component asks for it.
    provideEnvironmentInitializer(() => inject(OidcSessionService)),
  ]);
}

/** `inject(OidcSessionService)`, with a clear error when `provideOidcSession()` is missing. */
export function injectOidcSession(): OidcSessionService {
  const service = inject(OidcSessionService, { optional: true });
  if (!service) {
    throw new Error(
      'injectOidcSession(): no OidcSessionService here. Add provideOidcSession(session) to the application providers.',
    );
  }
  return service;
}
