// The app's oidc-client-ts UserManager for client `vue-demo` at the dev OP. Its own session
// monitor stays off: @oidc-session/core does that job.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

export const OP_ORIGIN = __OP_ORIGIN__;

/**
 * Build the app's UserManager. A function, and no instance made at module scope, so the
 * front-channel logout page can call it inside a try: where the browser denies storage (a
 * cross-site iframe) merely reading `window.localStorage` throws.
 */
export function createUserManager(): UserManager {
  return new UserManager({
    authority: OP_ORIGIN,
    client_id: 'vue-demo',
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
