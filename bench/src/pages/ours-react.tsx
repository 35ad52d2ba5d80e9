// Subject "ours-react": @oidc-session/core + @oidc-session/react (oidc-client-ts's own monitor off).
import { createOidcSession, handleSignOutCallback } from '@oidc-session/core';
import { OidcSessionProvider, useOidcSession } from '@oidc-session/react';
import { StrictMode, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import {
  checkInterval,
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  installHooks,
  isSilentCallback,
} from './shared';

const CLIENT_ID = 'bench-ours-react';

async function main(): Promise<void> {
  const userManager = createUserManager(CLIENT_ID, false);
  // Created before the callback is handled, so the fresh sign-in is marked for the positive control.
  const session = createOidcSession({ userManager, checkInterval: checkInterval() });
  const report = installHooks('ours-react', {
    signIn: () => session.signIn(),
    signOut: () => session.signOut(),
    counters: () => ({ ...session.getStats() }),
  });
  await finishRedirect(userManager, handleSignOutCallback);

  function App() {
    const { status, reason, signIn, signOut } = useOidcSession();
    // Recorded once the DOM shows it: the moment a user would see it.
    useLayoutEffect(() => report(status, reason), [status, reason]);
    return (
      <main>
        <h1>ours-react</h1>
        <p>
          status: <span data-testid="session-status">{status}</span>
        </p>
        <button type="button" data-testid="sign-in" onClick={() => void signIn()}>
          Sign in
        </button>
        <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
          Sign out
        </button>
      </main>
    );
  }

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <OidcSessionProvider session={session}>
        <App />
      </OidcSessionProvider>
    </StrictMode>,
  );
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else void main();
