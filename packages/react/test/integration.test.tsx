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
