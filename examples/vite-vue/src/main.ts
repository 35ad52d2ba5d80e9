// The hidden iframe of the silent re-check (/silent-callback) only hands its answer to the
// parent window: it loads neither Vue nor the session (hence the dynamic imports).
if (location.pathname === '/silent-callback') {
  void import('./user-manager').then(({ userManager }) => userManager.signinCallback());
} else {
  void import('./boot').then(({ boot }) => boot());
}
