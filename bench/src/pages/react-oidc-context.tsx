// Subject "react-oidc-context": its <AuthProvider> + useAuth() over oidc-client-ts 3.5 with the
// library's own session monitor on (`monitorSession: true`).
import { StrictMode, useEffect, useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { createUserManager, finishSilentCallback, installHooks, isSilentCallback } from './shared';

const CLIENT_ID = 'bench-react-oidc-context';

function main(): void {
  const userManager = createUserManager(CLIENT_ID, true);
  const report = installHooks('react-oidc-context', {
    signIn: () => userManager.signinRedirect(),
    signOut: () => userManager.signoutRedirect(),
  });

  function App() {
    const auth = useAuth();
    // react-oidc-context turns `userSignedOut` into isAuthenticated = false; this flag only tells
    // that case apart from a local sign-out, for the status text.
    const [signedOutElsewhere, setSignedOutElsewhere] = useState(false);
    useEffect(() => auth.events.addUserSignedOut(() => setSignedOutElsewhere(true)), [auth.events]);
    const status = auth.isLoading
      ? 'starting'
      : auth.isAuthenticated
        ? 'active'
        : signedOutElsewhere
          ? 'ended'
          : 'signed-out';
    useLayoutEffect(() => report(status), [status]);
    return (
      <main>
        <h1>react-oidc-context</h1>
        <p>
          status: <span data-testid="session-status">{status}</span>
        </p>
        <button type="button" data-testid="sign-in" onClick={() => void auth.signinRedirect()}>
          Sign in
        </button>
        <button type="button" data-testid="sign-out" onClick={() => void auth.signoutRedirect()}>
          Sign out
        </button>
      </main>
    );
  }

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AuthProvider
        userManager={userManager}
        onSigninCallback={() => history.replaceState(null, '', '/')}
        matchSignoutCallback={() => location.pathname === '/logout-callback'}
        onSignoutCallback={() => history.replaceState(null, '', '/')}
      >
        <App />
      </AuthProvider>
    </StrictMode>,
  );
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else main();
