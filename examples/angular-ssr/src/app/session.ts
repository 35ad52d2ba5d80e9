// The one UserManager and session of this browser. Both are built on first use, in the browser
// only: their redirect URIs come from `location`, which the server does not have (building them
// at module scope is what breaks `ng build` when it extracts the routes).
import { createOidcSession, type OidcSession } from '@oidc-session/core';
import { UserManager } from 'oidc-client-ts';

const authority = 'http://localhost:4011';
const clientId = 'angular-ssr-example';

let userManager: UserManager | undefined;
let session: OidcSession | undefined;

/** The app's oidc-client-ts UserManager (browser only). */
export function getUserManager(): UserManager {
  return (userManager ??= new UserManager({
    authority,
    client_id: clientId,
    redirect_uri: `${location.origin}/callback`,
    silent_redirect_uri: `${location.origin}/silent-callback`,
    post_logout_redirect_uri: `${location.origin}/logout-callback`,
    scope: 'openid profile email',
    monitorSession: false, // @oidc-session/core is the monitor
  }));
}

/** The session, for `provideOidcSession(getSession)` (called in the browser only). */
export function getSession(): OidcSession {
  return (session ??= createOidcSession({ userManager: getUserManager() }));
}
