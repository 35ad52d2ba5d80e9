// The app's oidc-client-ts UserManager for client `angular-demo` at the dev OP. Its own session
// monitor stays off: @oidc-session/core does that job.
import { InjectionToken } from '@angular/core';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { OP_ORIGIN } from './op-origin.generated';

export { OP_ORIGIN };

/**
 * Build the app's UserManager. A function, so the front-channel logout page can call it inside a
 * try: where the browser denies storage (a cross-site iframe) the constructor throws.
 */
export function createUserManager(): UserManager {
  return new UserManager({
    authority: OP_ORIGIN,
    client_id: 'angular-demo',
    redirect_uri: `${location.origin}/callback`,
    silent_redirect_uri: `${location.origin}/silent-callback`,
    post_logout_redirect_uri: `${location.origin}/logout-callback`,
    scope: 'openid profile email',
    monitorSession: false,
    // The user lives in localStorage, not oidc-client-ts's per-tab sessionStorage default: every tab
    // of the app shares one sign-in, and the OP's front-channel logout iframe (same-site) can see it.
    userStore: new WebStorageStateStore({ store: window.localStorage }),
  });
}

/** The one UserManager of the app: the session watches it, /callback finishes sign-ins with it. */
export const USER_MANAGER = new InjectionToken<UserManager>('USER_MANAGER', {
  providedIn: 'root',
  factory: createUserManager,
});
