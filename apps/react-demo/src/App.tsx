import { useOidcSession } from '@oidc-session/react';
import { useState } from 'react';
import { LastChecked } from './LastChecked';
import { Timeline } from './Timeline';
import { roleText, statusText } from '@oidc-session/demo-shared/status-text';
import { BACKEND_ORIGIN } from './session';
import { OP_ORIGIN } from './user-manager';

/** What the redirect that loaded the page left to say. */
export type Notice =
  | { kind: 'signed-out' }
  | { kind: 'signin-error' | 'signout-error'; code: string; message: string };

export function App({ notice }: { notice: Notice | null }) {
  const { status, reason, user, isPolling, idle, signIn, signOut, checkNow, stayActive } =
    useOidcSession();
  const [actionError, setActionError] = useState<string | null>(null);
  const [popupDone, setPopupDone] = useState(false);
  const text = statusText(status, reason);
  // Offer sign-in once the session knows there is no user (not while it is still looking).
  const canSignIn = !user && status !== 'idle' && status !== 'starting';

  const run = (action: () => Promise<unknown>) => () => {
    setActionError(null);
    action().catch((err: unknown) =>
      setActionError(err instanceof Error ? err.message : String(err)),
    );
  };

  return (
    <main className="card">
      <h1>oidc-session · React demo</h1>

      {notice?.kind === 'signed-out' && (
        <p className="notice notice--info">You signed out at the provider.</p>
      )}
      {notice && notice.kind !== 'signed-out' && (
        <p className="notice notice--error" data-testid={notice.kind} role="alert">
          <strong>
            {notice.kind === 'signin-error' ? 'Sign-in failed' : 'Sign-out return rejected'}
          </strong>{' '}
          <code>{notice.code}</code>: {notice.message}
        </p>
      )}

      {idle && (
        <div className="notice notice--info" role="alertdialog" data-testid="idle-warning">
          <p>
            You will be signed out in <strong data-testid="idle-seconds">{idle.secondsLeft}</strong>{' '}
            s for inactivity.
          </p>
          <button
            type="button"
            className="primary"
            data-testid="stay-signed-in"
            onClick={stayActive}
          >
            Stay signed in
          </button>
        </div>
      )}

      <section className={`status status--${status}`} aria-live="polite">
        <span className="badge" data-testid="session-status">
          {status}
        </span>
        <div>
          <p className="status-title">{text.title}</p>
          <p className="status-detail">
            {text.detail}
            {status === 'active' && (
              <>
                {' '}
                <LastChecked />.
              </>
            )}
          </p>
        </div>
      </section>

      <dl className="facts">
        <dt>Name</dt>
        <dd>{user?.name ?? ''}</dd>
        <dt>Subject (sub)</dt>
        <dd data-testid="session-user">{user?.sub ?? ''}</dd>
        <dt>Reason</dt>
        <dd data-testid="session-reason">{reason ?? ''}</dd>
        <dt>This tab</dt>
        <dd data-testid="session-role">{roleText(status, isPolling)}</dd>
      </dl>

      <div className="actions">
        {canSignIn && (
          <button
            type="button"
            className="primary"
            data-testid="sign-in"
            onClick={run(() => signIn())}
          >
            Sign in
          </button>
        )}
        {user && (
          <button type="button" data-testid="sign-out" onClick={run(() => signOut())}>
            Sign out
          </button>
        )}
        {user && (
          <button
            type="button"
            data-testid="sign-out-popup"
            onClick={run(() => signOut({ mode: 'popup' }).then(() => setPopupDone(true)))}
          >
            Sign out in a popup
          </button>
        )}
        {user && (
          <button
            type="button"
            className="quiet"
            data-testid="sign-out-post"
            onClick={run(() => signOut({ mode: 'post' }))}
          >
            Sign out (POST)
          </button>
        )}
        {user && (
          <button type="button" className="quiet" data-testid="check-now" onClick={run(checkNow)}>
            Check now
          </button>
        )}
      </div>
      {popupDone && (
        <p className="notice notice--info" data-testid="popup-signed-out">
          You signed out at the provider; this page stayed.
        </p>
      )}
      {actionError && (
        <p className="notice notice--error" data-testid="action-error" role="alert">
          {actionError}
        </p>
      )}

      <Timeline />

      <footer>
        <span>
          OP: <code>{OP_ORIGIN}</code> · backend: <code>{BACKEND_ORIGIN}</code>
        </span>
        <a href={`${OP_ORIGIN}/session/end`} target="_blank" rel="noopener noreferrer">
          Open the provider's sign-out page
        </a>
      </footer>
    </main>
  );
}
