import { createOidcSession, handleSignOutCallback } from '@oidc-session/core';
import { OidcSessionProvider, useOidcSession } from '@oidc-session/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { userManager } from './user-manager';

const session = createOidcSession({ userManager }); // once, at module scope

function Account() {
  const { status, user, signIn, signOut } = useOidcSession();
  return (
    <main>
      <p>
        Session: <strong data-testid="session-status">{status}</strong>
      </p>
      {user ? (
        <p>
          Signed in as <span data-testid="session-user">{user.name ?? user.sub}</span>{' '}
          <button onClick={() => void signOut()}>Sign out</button>
        </p>
      ) : (
        <button data-testid="sign-in" onClick={() => void signIn()}>
          Sign in
        </button>
      )}
    </main>
  );
}

/** Finish a redirect return (sign-in or sign-out) first, then render the app at `/`. */
export async function boot(): Promise<void> {
  try {
    if (location.pathname === '/callback') await userManager.signinCallback();
    if (location.pathname === '/logout-callback') await handleSignOutCallback();
  } catch (err) {
    console.error(err); // an expired or foreign return: show the app signed out
  }
  if (location.pathname !== '/') history.replaceState(null, '', '/');
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <OidcSessionProvider session={session}>
        <Account />
      </OidcSessionProvider>
    </StrictMode>,
  );
}
