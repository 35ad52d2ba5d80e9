// Entry point: picks what to load from the path before anything else runs.
// - /silent-callback is loaded by oidc-client-ts in a hidden iframe for silent `prompt=none`
//   requests; it only hands the response back to the parent window, so it never loads React or
//   starts a session.
// - /frontchannel-logout is loaded by the OP in a hidden iframe, cross-site when the OP is on
//   another site; there the browser may deny storage, and merely constructing a UserManager (its
//   default stores touch localStorage/sessionStorage) would throw, so it loads nothing else.
// Hence dynamic imports only: static ones would all be evaluated before this code runs.
const path = location.pathname;

if (path === '/silent-callback') {
  void import('./user-manager').then(({ userManager }) => userManager.signinCallback());
} else if (path === '/frontchannel-logout') {
  void import('./frontchannel-logout').then(({ renderFrontchannelLogout }) =>
    renderFrontchannelLogout(),
  );
} else {
  void import('./boot').then(({ boot }) => boot());
}
