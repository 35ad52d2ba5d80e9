'use client';
import { useOidcSession } from '@oidc-session/react';

/** The session's status and the user; on the server (and while hydrating) it says `idle`. */
export function Account() {
  const { status, user, signIn, signOut } = useOidcSession();
  return (
    <main>
      <p>
        Session: <strong data-testid="session-status">{status}</strong>
      </p>
      {user ? (
        <p>
          Signed in as <span data-testid="session-user">{user.name ?? user.sub}</span>{' '}
          <button data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      ) : (
        <button data-testid="sign-in" disabled={status === 'idle'} onClick={() => void signIn()}>
          Sign in
        </button>
      )}
    </main>
  );
}
