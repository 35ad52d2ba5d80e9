// Public SPAs without a backend session: ID Token -> subscription token -> SSE stream.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  authenticateWithSubscriptionToken,
  createMemoryStore,
  createSessionEventsHandler,
  createSubscriptionToken,
  createSubscriptionTokenHandler,
  toNodeHandler,
  verifySubscriptionToken,
} from '../src';
import { logoutEvents, openSse, serve } from './helpers/http';
import {
  CLIENT_ID,
  createSigningKey,
  startTestOp,
  type SigningKey,
  type TestOp,
} from './helpers/op';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
let op: TestOp;
let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey();
  op = await startTestOp([key]);
});
afterAll(() => op.close());
afterEach(() => {
  vi.useRealTimers();
});

function idToken(
  claims: Record<string, unknown> = {},
  signingKey = key,
  header: Record<string, unknown> = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: 'sid-1', auth_time: now - 10, nonce: 'n', ...claims })
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, ...header })
    .setIssuer((claims.iss as string) ?? op.issuer)
    .setAudience((claims.aud as string) ?? CLIENT_ID)
    .setSubject('user-1')
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number) ?? now + 300)
    .sign(signingKey.privateKey);
}

describe('subscription tokens', () => {
  it('round-trips the session they are bound to', async () => {
    const token = await createSubscriptionToken({
      secret: SECRET,
      iss: 'https://op',
      sub: 'u',
      sid: 's',
      authenticatedAt: 1_700_000_000_000,
    });
    await expect(verifySubscriptionToken(token, { secret: SECRET })).resolves.toEqual({
      iss: 'https://op',
      sub: 'u',
      sid: 's',
      authenticatedAt: 1_700_000_000_000,
    });
  });

  it('refuses a wrong secret, a tampered token, an expired one', async () => {
    const token = await createSubscriptionToken({ secret: SECRET, sid: 's', ttl: 60 });
    await expect(verifySubscriptionToken(token, { secret: `${SECRET}x` })).rejects.toThrow();
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sid: 'other' }),
    ).toString('base64url');
    await expect(
      verifySubscriptionToken(`${h}.${forged}.${s}`, { secret: SECRET }),
    ).rejects.toThrow();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    await expect(verifySubscriptionToken(token, { secret: SECRET })).rejects.toThrow(/exp/);
  });

  it('refuses an ID Token or any other JWT in its place', async () => {
    const other = await new SignJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifySubscriptionToken(other, { secret: SECRET })).rejects.toThrow();
  });

  it('needs a secret of 32 bytes or more, and a session', async () => {
    await expect(createSubscriptionToken({ secret: 'short', sid: 's' })).rejects.toThrow(
      /32 bytes/,
    );
    await expect(createSubscriptionToken({ secret: SECRET })).rejects.toThrow(/sub or sid/);
  });

  it('authenticateWithSubscriptionToken reads ?token= or a Bearer header, null otherwise', async () => {
    const authenticate = authenticateWithSubscriptionToken({ secret: SECRET });
    const token = await createSubscriptionToken({ secret: SECRET, iss: 'https://op', sid: 's' });
    await expect(authenticate(new Request(`https://rp/events?token=${token}`))).resolves.toEqual({
      iss: 'https://op',
      sid: 's',
    });
    await expect(
      authenticate(
        new Request('https://rp/events', { headers: { authorization: `Bearer ${token}` } }),
      ),
    ).resolves.toEqual({ iss: 'https://op', sid: 's' });
    await expect(authenticate(new Request('https://rp/events?token=nope'))).resolves.toBeNull();
    await expect(authenticate(new Request('https://rp/events'))).resolves.toBeNull();
  });
});

describe('createSubscriptionTokenHandler', () => {
  const handler = () =>
    createSubscriptionTokenHandler({ issuer: op.issuer, clientId: CLIENT_ID, secret: SECRET });
  const postJson = (h: (r: Request) => Promise<Response>, body: unknown) =>
    h(
      new Request('https://rp/subscription-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );

  it('exchanges a valid ID Token for a subscription token bound to its sid', async () => {
    const response = await postJson(handler(), { id_token: await idToken() });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { token: string; expires_in: number };
    expect(body.expires_in).toBe(900);
    await expect(verifySubscriptionToken(body.token, { secret: SECRET })).resolves.toMatchObject({
      iss: op.issuer,
      sub: 'user-1',
      sid: 'sid-1',
    });
  });

  it('also takes a form body', async () => {
    const response = await handler()(
      new Request('https://rp/subscription-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id_token: await idToken() }),
      }),
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['an expired ID Token', { exp: Math.floor(Date.now() / 1000) - 600 }],
    ['another azp', { azp: 'someone-else' }],
  ])('refuses %s with 401', async (_name, claims) => {
    const response = await postJson(handler(), { id_token: await idToken(claims) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('accepts an ID Token typed JWT', async () => {
    for (const typ of ['JWT', 'jwt', 'application/jwt']) {
      const response = await postJson(handler(), { id_token: await idToken({}, key, { typ }) });
      expect({ typ, status: response.status }).toEqual({ typ, status: 200 });
    }
  });

  it.each([
    ['typed logout+jwt', {}, { typ: 'logout+jwt' }],
    ['typed at+jwt', {}, { typ: 'at+jwt' }],
    [
      'untyped but with an events claim',
      { events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, nonce: undefined },
      {},
    ],
  ])(
    'refuses an OP-signed token that is not an ID Token (%s) with 401',
    async (_name, claims, header) => {
      const response = await postJson(handler(), { id_token: await idToken(claims, key, header) });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    },
  );

  it('refuses a form with id_token twice', async () => {
    const form = new URLSearchParams();
    form.append('id_token', await idToken());
    form.append('id_token', await idToken({ sid: 'sid-2' }));
    const response = await handler()(
      new Request('https://rp/subscription-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('serves several client ids, says which one it issued for, and gives reasons', async () => {
    const issued: unknown[] = [];
    const reasons: string[] = [];
    const several = createSubscriptionTokenHandler({
      issuer: op.issuer,
      clientId: ['other-app', CLIENT_ID],
      secret: SECRET,
      onIssued: (event) => issued.push(event),
      onReject: (reason) => reasons.push(reason),
    });
    expect((await postJson(several, { id_token: await idToken() })).status).toBe(200);
    expect(
      (await postJson(several, { id_token: await idToken({ aud: 'other-app' }) })).status,
    ).toBe(200);
    expect(issued).toEqual([
      { clientId: CLIENT_ID, iss: op.issuer, sub: 'user-1', sid: 'sid-1' },
      { clientId: 'other-app', iss: op.issuer, sub: 'user-1', sid: 'sid-1' },
    ]);
    // Two audiences: azp says which one, and must be one of them.
    const both = [CLIENT_ID, 'other-app'];
    expect((await postJson(several, { id_token: await idToken({ aud: both }) })).status).toBe(401);
    expect(
      (await postJson(several, { id_token: await idToken({ aud: both, azp: 'other-app' }) }))
        .status,
    ).toBe(200);
    expect(
      (await postJson(several, { id_token: await idToken({ aud: CLIENT_ID, azp: 'other-app' }) }))
        .status,
    ).toBe(401);
    expect(
      (await postJson(several, { id_token: await idToken({ aud: 'third-app' }) })).status,
    ).toBe(401);
    expect(await postJson(several, {}).then((r) => r.status)).toBe(400);
    expect(reasons).toEqual([
      'wrong_client',
      'wrong_client',
      'invalid_id_token',
      'missing_id_token',
    ]);
  });

  it('refuses an ID Token signed by a key the OP does not publish', async () => {
    const response = await postJson(handler(), {
      id_token: await idToken({}, await createSigningKey()),
    });
    expect(response.status).toBe(401);
  });

  it('answers 400 without id_token, 405 to GET, 415 to text', async () => {
    expect((await postJson(handler(), {})).status).toBe(400);
    expect((await handler()(new Request('https://rp/subscription-token'))).status).toBe(405);
    const text = await handler()(
      new Request('https://rp/subscription-token', {
        method: 'POST',
        body: 'id_token=x',
        headers: { 'Content-Type': 'text/plain' },
      }),
    );
    expect(text.status).toBe(415);
  });

  it('end to end: the SPA trades its ID Token, opens the stream with it, hears its logout', async () => {
    const store = createMemoryStore();
    const tokens = await serve(toNodeHandler(handler()));
    const events = await serve(
      toNodeHandler(
        createSessionEventsHandler({
          store,
          authenticate: authenticateWithSubscriptionToken({ secret: SECRET }),
        }),
      ),
    );
    try {
      const { token } = (await (
        await fetch(tokens.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id_token: await idToken() }),
        })
      ).json()) as { token: string };
      const tab = await openSse(`${events.url}/?token=${encodeURIComponent(token)}`);
      await tab.waitFor(': connected');
      await store.recordLogout({ iss: op.issuer, sub: 'user-1', sid: 'sid-1', at: Date.now() });
      expect(logoutEvents(await tab.waitFor('event: logout'))).toEqual([
        { iss: op.issuer, sub: 'user-1', sid: 'sid-1', reason: 'backchannel-logout' },
      ]);
      tab.close();
      expect((await fetch(`${events.url}/?token=forged`)).status).toBe(401);
    } finally {
      await tokens.close();
      await events.close();
    }
  });
});
