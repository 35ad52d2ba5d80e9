// createOidcSession over a real oidc-client-ts UserManager (no network: nothing is started).
import { UserManager } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { createOidcSession } from '../src';

const base = {
  authority: 'https://op.example',
  client_id: 'spa',
  redirect_uri: 'https://app.example/callback',
  silent_redirect_uri: 'https://app.example/silent-callback',
  monitorSession: false,
};

describe('createOidcSession', () => {
  it('starts idle and exposes the server snapshot', () => {
    const session = createOidcSession({ userManager: new UserManager(base) });
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', user: null });
    expect(session.getServerSnapshot()).toBe(session.getSnapshot());
  });

  it('refuses a UserManager that runs its own session monitor', () => {
    const userManager = new UserManager({ ...base, monitorSession: true });
    expect(() => createOidcSession({ userManager })).toThrow(/monitorSession/);
  });

  it('refuses a UserManager without silent_redirect_uri', () => {
    const userManager = new UserManager({ ...base, silent_redirect_uri: '' });
    expect(() => createOidcSession({ userManager })).toThrow(/silent_redirect_uri/);
  });

  it('refuses missing options with a clear message', () => {
    // @ts-expect-error deliberately wrong
    expect(() => createOidcSession({})).toThrow(/userManager/);
  });

  it.each([
    [{ checkInterval: 0 }, /checkInterval/],
    [{ checkInterval: -5 }, /checkInterval/],
    [{ replyTimeout: Number.NaN }, /replyTimeout/],
    [{ frameTimeout: Infinity }, /frameTimeout/],
    [{ reauthLimit: 0 }, /reauthLimit/],
    [{ onError: 'explode' }, /onError/],
  ])('rejects bad option %o', (bad, message) => {
    expect(() =>
      createOidcSession({ userManager: new UserManager(base), ...(bad as object) }),
    ).toThrow(message);
  });
});
