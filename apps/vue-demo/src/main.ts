// Entry point: picks what to load from the path before anything else runs.
// - /silent-callback is loaded by oidc-client-ts in a hidden iframe for silent `prompt=none`
//   requests; it only hands the response back to the parent window, so it never loads Vue or
//   creates a session.
// (/frontchannel-logout has a page of its own, frontchannel-logout.html.)
// Hence dynamic imports only: static ones would all be evaluated before this code runs.
if (location.pathname === '/silent-callback') {
  void import('./user-manager').then(({ createUserManager }) =>
    createUserManager().signinCallback(),
  );
} else {
  void import('./boot').then(({ boot }) => boot());
}
