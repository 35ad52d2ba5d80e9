export { injectOidcSession, provideOidcSession } from './provide-oidc-session';
export { OidcSessionService } from './oidc-session-service';
export { OIDC_SESSION } from './oidc-session-token';
export type {
  OidcSession,
  SessionReason,
  SessionSnapshot,
  SessionStatus,
  SessionUser,
  SignOutOptions,
} from '@oidc-session/core';
