// The React Testing Library example of @oidc-session/testing's README, run as it is written there.
import { cleanup } from '@testing-library/react';
import { afterEach, it } from 'vitest';
import readme from '../../testing/README.md?raw';
import { readmeExamples, readmeRegion } from '../../testing/test/readme-examples';
import source from './testing-readme.test.tsx?raw';

afterEach(cleanup);

// #region readme
import { OidcSessionProvider, useOidcSession } from '@oidc-session/react';
import { createTestSession, testUser } from '@oidc-session/testing';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';

function Account() {
  const { status, user, signOut } = useOidcSession();
  if (status === 'ended') return <p role="alert">You were signed out at your provider.</p>;
  if (!user) return <p>Signed out</p>;
  return <button onClick={() => signOut()}>Sign out {user.name}</button>;
}

test('tells the user when the session ended at the OP', () => {
  const session = createTestSession({
    status: 'active',
    user: testUser('alice', { name: 'Alice' }),
  });
  render(
    <OidcSessionProvider session={session}>
      <Account />
    </OidcSessionProvider>,
  );
  expect(screen.getByRole('button').textContent).toBe('Sign out Alice');

  act(() => session.end('op-logout')); // a logout in another tab or app
  expect(screen.getByRole('alert').textContent).toMatch(/signed out at your provider/);
});

test('the button signs out through the session', () => {
  const session = createTestSession({ status: 'active', user: testUser('alice') });
  render(
    <OidcSessionProvider session={session}>
      <Account />
    </OidcSessionProvider>,
  );
  fireEvent.click(screen.getByRole('button'));
  expect(session.callCount('signOut')).toBe(1);
  expect(screen.getByText('Signed out')).toBeTruthy(); // signOut() signs out locally
});
// #endregion readme

it('is the example in the README of @oidc-session/testing', () => {
  expect(readmeExamples(readme).get('react')).toBe(readmeRegion(source));
});
