// The adapter over the real engine and a real oidc-client-ts UserManager (no network: with no
// stored user the session never asks the OP anything).
import { createOidcSession } from '@oidc-session/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { UserManager } from 'oidc-client-ts';
import { StrictMode } from 'react';
import { afterEach, expect, it } from 'vitest';
import { OidcSessionProvider, useOidcSession } from '../src/index';

afterEach(cleanup);

function Status() {
  return <span data-testid="status">{useOidcSession((s) => s.status)}</span>;
}

it('shows signed-out for a real session with no stored user', async () => {
  const userManager = new UserManager({
    authority: 'http://op.invalid',
    client_id: 'react-test',
    redirect_uri: 'http://localhost:3000/callback',
    silent_redirect_uri: 'http://localhost:3000/silent-callback',
    monitorSession: false,
  });
  const session = createOidcSession({ userManager });
  const { unmount } = render(
    <StrictMode>
      <OidcSessionProvider session={session}>
        <Status />
      </OidcSessionProvider>
    </StrictMode>,
  );
  expect(await screen.findByText('signed-out')).toBeTruthy();
  expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', user: null });
  act(() => unmount());
  expect(session.getSnapshot().status).toBe('idle');
  session.dispose();
});

it('takes a factory: called in the browser, its session started, and hydrates server markup', async () => {
  const { hydrateRoot } = await import('react-dom/client');
  const userManager = new UserManager({
    authority: 'http://op.invalid',
    client_id: 'react-test',
    redirect_uri: `${location.origin}/callback`,
    silent_redirect_uri: `${location.origin}/silent-callback`,
    monitorSession: false,
  });
  let session: ReturnType<typeof createOidcSession> | undefined;
  const getSession = () => (session ??= createOidcSession({ userManager }));
  const container = document.createElement('div');
  container.innerHTML = '<span data-testid="status">idle</span>'; // what the server rendered
  document.body.append(container);
  const errors: unknown[] = [];
  const root = hydrateRoot(
    container,
    <OidcSessionProvider session={getSession}>
      <Status />
    </OidcSessionProvider>,
    { onRecoverableError: (err) => errors.push(err) },
  );
  expect(await screen.findByText('signed-out')).toBeTruthy();
  expect(errors).toEqual([]); // no hydration mismatch
  expect(session?.getSnapshot().status).toBe('signed-out');
  act(() => root.unmount());
  expect(session?.getSnapshot().status).toBe('idle');
  container.remove();
  session?.dispose();
});
