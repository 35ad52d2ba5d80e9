import { UserManager } from 'oidc-client-ts';

// A single-page app runs in the browser only, so `location` is there at module scope.
export const userManager = new UserManager({
  authority: import.meta.env.VITE_OIDC_AUTHORITY ?? 'http://localhost:4011',
  client_id: import.meta.env.VITE_OIDC_CLIENT_ID ?? 'vite-react-example',
  redirect_uri: `${location.origin}/callback`,
  silent_redirect_uri: `${location.origin}/silent-callback`,
  post_logout_redirect_uri: `${location.origin}/logout-callback`,
  scope: 'openid profile email',
  monitorSession: false, // @oidc-session/core is the monitor
});
