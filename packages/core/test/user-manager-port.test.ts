// The adapter's classification of oidc-client-ts outcomes (UserManager methods stubbed).
import { ErrorResponse, UserManager } from 'oidc-client-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

const HEX_128 = /^[0-9a-f]{32}$/;

describe('userManagerPort: a nonce on every authorization request', () => {
  it('each silent re-check asks oidc-client-ts for a fresh nonce', async () => {
    const um = manager();
    const query = vi
      .spyOn(um, 'querySessionStatus')
      .mockResolvedValue({ session_state: 's', sub: 'alice' });
    const port = userManagerPort(um);
    await port.silentCheck();
    await port.silentCheck();
    const nonces = query.mock.calls.map(([args]) => args?.nonce);
    expect(nonces).toHaveLength(2);
    for (const nonce of nonces) expect(nonce).toMatch(HEX_128);
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('sign-in sends a fresh nonce unless the app passes its own', async () => {
    const um = manager();
    const redirect = vi.spyOn(um, 'signinRedirect').mockResolvedValue();
    const port = userManagerPort(um);
    await port.signinRedirect({ login_hint: 'alice' });
    await port.signinRedirect({ nonce: 'mine' });
    expect(redirect.mock.calls[0]?.[0]).toEqual({
      login_hint: 'alice',
      nonce: expect.stringMatching(HEX_128),
    });
    expect(redirect.mock.calls[1]?.[0]).toEqual({ nonce: 'mine' });
  });

  describe('through oidc-client-ts itself (the OP answers in a scripted iframe)', () => {
    const issuer = 'https://op.example';
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
    const idToken = (claims: object) =>
      `${b64({ alg: 'RS256' })}.${b64({ iss: issuer, aud: 'spa', sub: 'alice', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.sig`;

    /** A UserManager whose prompt=none iframe lands on the callback with a code at once. */
    function scripted(echo: (sent: string | null) => object) {
      const sent: string[] = [];
      const iframe = {
        prepare: async () => ({
          navigate: async ({ url, state }: { url: string; state: string }) => {
            const nonce = new URL(url).searchParams.get('nonce');
            sent.push(nonce ?? '');
            vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(
              new Response(
                JSON.stringify({
                  id_token: idToken(echo(nonce)),
                  access_token: 'at',
                  token_type: 'Bearer',
                  expires_in: 600,
                }),
                { headers: { 'content-type': 'application/json' } },
              ),
            );
            return {
              url: `https://app.example/silent-callback?code=c&state=${state}&session_state=s2`,
            };
          },
          close: () => {},
        }),
        callback: async () => {},
      };
      const um = new UserManager(
        {
          authority: issuer,
          client_id: 'spa',
          redirect_uri: 'https://app.example/callback',
          silent_redirect_uri: 'https://app.example/silent-callback',
          metadata: {
            issuer,
            authorization_endpoint: `${issuer}/auth`,
            token_endpoint: `${issuer}/token`,
          },
        },
        undefined,
        undefined,
        iframe as never,
      );
      return { port: userManagerPort(um), sent };
    }

    afterEach(() => vi.restoreAllMocks());

    it('an ID Token that echoes the nonce: the session', async () => {
      const { port, sent } = scripted((nonce) => ({ nonce }));
      await expect(port.silentCheck()).resolves.toEqual({
        kind: 'session',
        sub: 'alice',
        sessionState: 's2',
      });
      expect(sent[0]).toMatch(HEX_128);
    });

    it.each([
      ['another nonce', () => ({ nonce: 'replayed' })],
      ['no nonce', () => ({})],
    ])('an ID Token with %s is refused, never taken as the session', async (_, claims) => {
      const { port } = scripted(claims);
      await expect(port.silentCheck()).rejects.toThrow(/nonce/);
    });
  });
});

describe('userManagerPort user times', () => {
  const b64url = (o: object) =>
    btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  it('reads exp from the profile, expires_at and auth_time from the ID Token, in ms', async () => {
    const um = manager();
    const { User } = await import('oidc-client-ts');
    const user = new User({
      id_token: `${b64url({ alg: 'none' })}.${b64url({ sub: 'alice', auth_time: 1_700_000_000 })}.x`,
      access_token: 'at',
      token_type: 'Bearer',
      expires_at: 1_700_000_600,
      profile: { sub: 'alice', iss: 'https://op.example', aud: 'spa', exp: 1_700_003_600, iat: 1 },
    });
    vi.spyOn(um, 'getUser').mockResolvedValue(user);
    const port = await userManagerPort(um).getUser();
    expect(port?.times).toEqual({
      idToken: 1_700_003_600_000,
      accessToken: 1_700_000_600_000,
      authTime: 1_700_000_000_000,
    });
  });

  it('unknown times are null (no auth_time, a malformed token)', async () => {
    const um = manager();
    const { User } = await import('oidc-client-ts');
    const user = new User({
      id_token: 'not-a-jwt',
      access_token: 'at',
      token_type: 'Bearer',
      profile: {
        sub: 'alice',
        iss: 'https://op.example',
        aud: 'spa',
        exp: 'soon' as never,
        iat: 1,
      },
    });
    vi.spyOn(um, 'getUser').mockResolvedValue(user);
    expect((await userManagerPort(um).getUser())?.times).toEqual({
      idToken: null,
      accessToken: null,
      authTime: null,
    });
  });
});
