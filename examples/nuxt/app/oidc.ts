// The one UserManager and session of this browser. Both are built on first use, in the browser
// only: their redirect URIs come from `location`, which the server does not have.
import { createOidcSession, type OidcSession } from '@oidc-session/core';
import { UserManager } from 'oidc-client-ts';

let userManager: UserManager | undefined;
let session: OidcSession | undefined;

/** The app's oidc-client-ts UserManager. Browser only; call it in a plugin or `onMounted`. */
export function getUserManager(): UserManager {
  const { oidcAuthority, oidcClientId } = useRuntimeConfig().public;
  return (userManager ??= new UserManager({
    authority: oidcAuthority,
    client_id: oidcClientId,
    redirect_uri: `${location.origin}/callback`,
    silent_redirect_uri: `${location.origin}/silent-callback`,
    post_logout_redirect_uri: `${location.origin}/logout-callback`,
    scope: 'openid profile email',
    monitorSession: false, // @oidc-session/core is the monitor
  }));
}

/** The session, for `app.use(oidcSession, { session: getSession })` (called in the browser only). */
export function getSession(): OidcSession {
  return (session ??= createOidcSession({ userManager: getUserManager() }));
}
