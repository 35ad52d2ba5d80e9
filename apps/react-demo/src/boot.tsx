// Finishes whatever redirect brought the browser here, then renders the app.
import { handleSignOutCallback, OidcSessionError } from '@oidc-session/core';
import { OidcSessionProvider } from '@oidc-session/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type Notice } from './App';
import { session } from './session';
import { userManager } from './user-manager';
import '@oidc-session/demo-shared/styles.css';

function errorNotice(kind: 'signin-error' | 'signout-error', err: unknown): Notice {
  const code =
    err instanceof OidcSessionError
      ? err.code
      : ((err as { error?: string })?.error ?? 'unexpected');
  const message = err instanceof Error ? err.message : String(err);
  return { kind, code, message };
}

export async function boot(): Promise<void> {
  const path = location.pathname;
  let notice: Notice | null = null;
  if (path === '/callback') {
    // Stores the user; the session (already watching the UserManager) marks its session_state as
    // fresh, and its first check of it is the positive control.
    try {
      await userManager.signinCallback();
    } catch (err) {
      notice = errorNotice('signin-error', err);
    }
    history.replaceState(null, '', '/');
  } else if (path === '/logout-callback') {
    try {
      await handleSignOutCallback();
      notice = { kind: 'signed-out' };
    } catch (err) {
      notice = errorNotice('signout-error', err);
    }
    history.replaceState(null, '', '/');
  }

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <OidcSessionProvider session={session}>
        <App notice={notice} />
      </OidcSessionProvider>
    </StrictMode>,
  );
}
