import { InjectionToken } from '@angular/core';
import type { OidcSession } from '@oidc-session/core';

/** The app's {@link OidcSession}, as given to `provideOidcSession`. */
export const OIDC_SESSION = new InjectionToken<OidcSession>('OIDC_SESSION');
