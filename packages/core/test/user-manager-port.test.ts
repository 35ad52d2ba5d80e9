// The adapter's classification of oidc-client-ts outcomes (UserManager methods stubbed).
import { ErrorResponse, UserManager } from 'oidc-client-ts';
import { describe, expect, it, vi } from 'vitest';
import { userManagerPort } from '../src/user-manager-port';

function manager() {
  return new UserManager({
    authority: 'https://op.example',
    client_id: 'spa',
    redirect_uri: 'https://app.example/callback',
    silent_redirect_uri: 'https://app.example/silent-callback',
  });
}

describe('userManagerPort.silentCheck', () => {
  it('returns the session on success', async () => {
    const um = manager();
    vi.spyOn(um, 'querySessionStatus').mockResolvedValue({ session_state: 's2', sub: 'alice' });
    await expect(userManagerPort(um).silentCheck()).resolves.toEqual({
      kind: 'session',
      sub: 'alice',
      sessionState: 's2',
    });
  });

  it.each([
    'login_required',
    'interaction_required',
    'consent_required',
    'account_selection_required',
  ])('maps %s to login-required', async (error) => {
    const um = manager();
    vi.spyOn(um, 'querySessionStatus').mockRejectedValue(
      new ErrorResponse({ error, session_state: 'anon' }),
    );
    await expect(userManagerPort(um).silentCheck()).resolves.toEqual({
      kind: 'login-required',
      error,
      sessionState: 'anon',
    });
  });

  it('maps an anonymous status (monitorAnonymousSession) to login-required', async () => {
    const um = manager();
    vi.spyOn(um, 'querySessionStatus').mockResolvedValue({ session_state: 'anon' });
    await expect(userManagerPort(um).silentCheck()).resolves.toMatchObject({
      kind: 'login-required',
    });
  });

  it('maps other OAuth errors to rejected', async () => {
    const um = manager();
    vi.spyOn(um, 'querySessionStatus').mockRejectedValue(
      new ErrorResponse({ error: 'invalid_request', error_description: 'no' }),
    );
    await expect(userManagerPort(um).silentCheck()).resolves.toEqual({
      kind: 'rejected',
      error: 'invalid_request',
      description: 'no',
    });
  });

  it.each([
    new ErrorResponse({ error: 'temporarily_unavailable' }),
    new TypeError('Failed to fetch'),
    new Error('IFrame timed out without a response'),
  ])('rethrows transient failures (%s)', async (err) => {
    const um = manager();
    vi.spyOn(um, 'querySessionStatus').mockRejectedValue(err);
    await expect(userManagerPort(um).silentCheck()).rejects.toBe(err);
  });
});

describe('userManagerPort.watchUser: silent renew errors', () => {
  it.each([
    ['invalid_grant', 1],
    ['login_required', 1],
    ['interaction_required', 1],
    ['server_error', 0],
    ['temporarily_unavailable', 0],
    ['invalid_request', 0],
  ])('%s from a renew -> refused %i time(s)', async (error, times) => {
    const um = manager();
    const refused = vi.fn();
    const stop = userManagerPort(um).watchUser(vi.fn(), vi.fn(), refused);
    await um.events._raiseSilentRenewError(new ErrorResponse({ error }));
    expect(refused).toHaveBeenCalledTimes(times);
    stop();
    await um.events._raiseSilentRenewError(new ErrorResponse({ error: 'invalid_grant' }));
    expect(refused).toHaveBeenCalledTimes(times);
  });

  it('a network failure (not an OP answer) is not a refusal', async () => {
    const um = manager();
    const refused = vi.fn();
    userManagerPort(um).watchUser(vi.fn(), vi.fn(), refused);
    await um.events._raiseSilentRenewError(new Error('Failed to fetch'));
    expect(refused).not.toHaveBeenCalled();
  });
});
