// The app's oidc-client-ts UserManager for client `react-demo` at the dev OP. Its own session
// monitor stays off: @oidc-session/core does that job.
import { UserManager } from 'oidc-client-ts';

export const OP_ORIGIN = __OP_ORIGIN__;

export const userManager = new UserManager({
  authority: OP_ORIGIN,
  client_id: 'react-demo',
  redirect_uri: `${location.origin}/callback`,
  silent_redirect_uri: `${location.origin}/silent-callback`,
  post_logout_redirect_uri: `${location.origin}/logout-callback`,
  scope: 'openid profile email',
  monitorSession: false,
  // userStore: the default, a WebStorageStateStore over sessionStorage (one sign-in per tab).
});
