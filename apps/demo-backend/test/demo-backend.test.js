// The demo backend over real HTTP, against a stand-in OP whose tokens are minted here with jose.
// (The browser e2e suite runs it against the real dev OP: e2e/tests/backchannel.test.mjs.)
import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '@oidc-session/server';
import { createRedisStore } from '@oidc-session/server/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend, DEMO_APP_ORIGINS, listen } from '../src/index.js';
import {
  createKey,
  mintIdToken,
  mintLogoutToken,
  openSse,
  postIdToken,
  postLogoutToken,
  startRedisServer,
  startTestOp,
} from './helpers.js';

/** @type {import('./helpers.js').Key} */
let key;
/** @type {Awaited<ReturnType<typeof startTestOp>>} */
let op;
const secret = randomBytes(32);

beforeAll(async () => {
  key = await createKey();
  op = await startTestOp([key]);
});
afterAll(() => op.close());

/** Every backend and stream a test opens, closed after it. */
/** @type {Array<() => unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** @param {{ store?: import('@oidc-session/server').SessionEventStore, acceptJwtTyp?: boolean, requireExp?: boolean }} [options] */
async function startBackend({ store = createMemoryStore(), acceptJwtTyp, requireExp } = {}) {
  /** @type {string[]} */
  const lines = [];
  const server = await listen(
    createDemoBackend({
      issuer: op.issuer,
      store,
      secret,
      log: (line) => lines.push(line),
      ...(acceptJwtTyp !== undefined && { acceptJwtTyp }),
      ...(requireExp !== undefined && { requireExp }),
    }),
    { port: 0, host: '127.0.0.1' },
  );
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.port}`, lines, store };
}

/** @param {string} url @param {Record<string, string>} [headers] */
async function sse(url, headers) {
  const stream = await openSse(url, headers);
  cleanups.push(stream.close);
  return stream;
}

/** A subscription token for `sub`/`sid` of client `aud`, the way the SPA gets one. */
async function subscriptionToken(
  /** @type {string} */ backend,
  { aud = 'react-demo', sub = 'alice', sid = 'sid-1' } = {},
) {
  const res = await postIdToken(
    backend,
    await mintIdToken(key, { issuer: op.issuer, aud, sub, sid }),
  );
  expect(res.status).toBe(200);
  return /** @type {{ token: string }} */ (await res.json()).token;
}

describe('back-channel logout receivers', () => {
  it.each(['react-demo', 'vue-demo', 'angular-demo'])(
    'accepts a valid logout token for %s at its own URI and logs it',
    async (client) => {
      const backend = await startBackend();
      const token = await mintLogoutToken(key, { issuer: op.issuer, aud: client });
      const res = await postLogoutToken(`${backend.url}/backchannel-logout/${client}`, token);
      expect(res.status).toBe(200);
      expect(backend.lines).toContain(`backchannel client=${client} sub=alice sid=sid-1 status=ok`);
      expect(await backend.store.isEnded({ iss: op.issuer, sid: 'sid-1' })).toMatchObject({
        sid: 'sid-1',
      });
    },
  );

  it("refuses another client's token, a replay, and unknown clients", async () => {
    const backend = await startBackend();
    const vue = await mintLogoutToken(key, { issuer: op.issuer, aud: 'vue-demo' });
    const wrong = await postLogoutToken(`${backend.url}/backchannel-logout/react-demo`, vue);
    expect(wrong.status).toBe(400);
    expect(backend.lines).toContain(
      'backchannel client=react-demo status=rejected reason=wrong_audience http=400',
    );

    const token = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo' });
    const url = `${backend.url}/backchannel-logout/react-demo`;
    expect((await postLogoutToken(url, token)).status).toBe(200);
    expect((await postLogoutToken(url, token)).status).toBe(400);
    expect(backend.lines.at(-1)).toBe(
      'backchannel client=react-demo status=rejected reason=replayed http=400',
    );

    const unknown = await postLogoutToken(`${backend.url}/backchannel-logout/nobody`, token);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${backend.url}/backchannel-logout/react-demo/x`)).status).toBe(404);
  });

  it("accepts the dev OP's logout tokens, typed JWT (oidc-provider 6.31.1)", async () => {
    const backend = await startBackend();
    const token = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo', typ: 'JWT' });
    const res = await postLogoutToken(`${backend.url}/backchannel-logout/react-demo`, token);
    expect(res.status).toBe(200);
  });

  it('with requireExp: true, refuses a logout token without exp (oidc-provider >= 7 sends one)', async () => {
    const backend = await startBackend({ requireExp: true });
    const url = `${backend.url}/backchannel-logout/react-demo`;
    const bare = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo' });
    expect((await postLogoutToken(url, bare)).status).toBe(400);
    expect(backend.lines.at(-1)).toBe(
      'backchannel client=react-demo status=rejected reason=missing_exp http=400',
    );
    const exp = Math.floor(Date.now() / 1000) + 120;
    const token = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo', exp });
    expect((await postLogoutToken(url, token)).status).toBe(200);
  });

  it('with acceptJwtTyp: false, takes only logout+jwt (oidc-provider >= 7) and refuses JWT', async () => {
    const backend = await startBackend({ acceptJwtTyp: false });
    const url = `${backend.url}/backchannel-logout/react-demo`;
    const typed = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo', typ: 'JWT' });
    expect((await postLogoutToken(url, typed)).status).toBe(400);
    expect(backend.lines.at(-1)).toMatch(/^backchannel client=react-demo status=rejected /);
    const token = await mintLogoutToken(key, {
      issuer: op.issuer,
      aud: 'react-demo',
      typ: 'logout+jwt',
    });
    expect((await postLogoutToken(url, token)).status).toBe(200);
  });

  it('answers a forged token (another key) with 400, never 200', async () => {
    const backend = await startBackend();
    const forged = await mintLogoutToken(await createKey(), {
      issuer: op.issuer,
      aud: 'react-demo',
    });
    const res = await postLogoutToken(`${backend.url}/backchannel-logout/react-demo`, forged);
    expect(res.status).toBe(400);
  });
});

describe('POST /session-token', () => {
  it('trades a valid ID Token of any demo client for a subscription token, with CORS', async () => {
    const backend = await startBackend();
    for (const aud of ['react-demo', 'vue-demo', 'angular-demo']) {
      const res = await postIdToken(
        backend.url,
        await mintIdToken(key, { issuer: op.issuer, aud }),
        'http://127.0.0.1:4200',
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4200');
      const body = await res.json();
      expect(body).toMatchObject({ token_type: 'subscription', expires_in: 900 });
      expect(typeof body.token).toBe('string');
      expect(backend.lines).toContain(`session-token client=${aud} sub=alice sid=sid-1 status=ok`);
    }
  });

  it('answers the CORS preflight of every demo origin, and refuses other origins', async () => {
    const backend = await startBackend();
    for (const origin of DEMO_APP_ORIGINS) {
      const res = await fetch(`${backend.url}/session-token`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    }
    const evil = await postIdToken(
      backend.url,
      await mintIdToken(key, { issuer: op.issuer, aud: 'react-demo' }),
      'http://evil.example',
    );
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    [
      'a forged ID Token',
      async () => mintIdToken(await createKey(), { issuer: op.issuer, aud: 'react-demo' }),
      401,
    ],
    [
      'an ID Token of another client',
      async () => mintIdToken(key, { issuer: op.issuer, aud: 'other-app' }),
      401,
    ],
    [
      'an ID Token of another issuer',
      async () => mintIdToken(key, { issuer: 'http://127.0.0.1:1', aud: 'react-demo' }),
      401,
    ],
    ['garbage', async () => 'not-a-jwt', 401],
    ['no ID Token', async () => '', 400],
  ])('refuses %s', async (_, make, status) => {
    const backend = await startBackend();
    const res = await postIdToken(backend.url, await make());
    expect(res.status).toBe(status);
    expect((await res.json()).token).toBeUndefined();
    expect(backend.lines.at(-1)).toMatch(
      new RegExp(`^session-token client=\\S+ status=error http=${status}$`),
    );
  });

  it('refuses an oversized body', async () => {
    const backend = await startBackend();
    const res = await fetch(`${backend.url}/session-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id_token: 'x'.repeat(64 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});

describe('GET /session-events', () => {
  it('pushes the logout the OP sends to the tab of that session, and logs each step', async () => {
    const backend = await startBackend();
    const token = await subscriptionToken(backend.url);
    const other = await subscriptionToken(backend.url, { sub: 'bob', sid: 'sid-2' });
    const tab = await sse(`${backend.url}/session-events?token=${token}`, {
      Origin: 'http://localhost:5173',
    });
    const bobTab = await sse(`${backend.url}/session-events?token=${other}`);
    expect(tab.response.status).toBe(200);
    expect(tab.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(tab.response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    await tab.waitFor(': connected');
    await bobTab.waitFor(': connected');
    expect(backend.lines).toContain('session-events open sub=alice sid=sid-1');

    const logout = await mintLogoutToken(key, { issuer: op.issuer, aud: 'react-demo' });
    const res = await postLogoutToken(`${backend.url}/backchannel-logout/react-demo`, logout);
    expect(res.status).toBe(200);
    const text = await tab.waitFor('event: logout');
    expect(
      JSON.parse(/^data: (.*)$/m.exec(text.split('event: logout\n')[1] ?? '')?.[1] ?? ''),
    ).toEqual({
      iss: op.issuer,
      sub: 'alice',
      sid: 'sid-1',
      reason: 'backchannel-logout',
    });
    expect(backend.lines).toContain('session-events logout sub=alice sid=sid-1');
    expect(bobTab.text()).not.toContain('event: logout');
  });

  it('tells a tab that connects after the logout at once', async () => {
    const backend = await startBackend();
    const token = await subscriptionToken(backend.url, { aud: 'vue-demo', sid: 'sid-late' });
    const logout = await mintLogoutToken(key, {
      issuer: op.issuer,
      aud: 'vue-demo',
      sid: 'sid-late',
    });
    expect(
      (await postLogoutToken(`${backend.url}/backchannel-logout/vue-demo`, logout)).status,
    ).toBe(200);
    const tab = await sse(`${backend.url}/session-events?token=${token}`);
    await tab.waitFor('event: logout');
  });

  it('refuses a stream without a valid subscription token', async () => {
    const backend = await startBackend();
    expect((await fetch(`${backend.url}/session-events`)).status).toBe(401);
    expect((await fetch(`${backend.url}/session-events?token=forged`)).status).toBe(401);
    expect(backend.lines.at(-1)).toBe('session-events refused http=401');
  });

  it('health says which store it uses', async () => {
    const backend = await startBackend();
    const res = await fetch(`${backend.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'memory' });
    expect((await fetch(`${backend.url}/nowhere`)).status).toBe(404);
  });
});

describe('with Redis (REDIS_URL): several instances', () => {
  /** @type {Awaited<ReturnType<typeof startRedisServer>>} */
  let redis;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it('a logout received by instance A reaches a tab streaming from instance B', async () => {
    const storeA = await createRedisStore({ url: redis.url });
    const storeB = await createRedisStore({ url: redis.url });
    cleanups.push(
      () => storeA.close(),
      () => storeB.close(),
    );
    const a = await startBackend({ store: storeA });
    const b = await startBackend({ store: storeB });
    expect(await (await fetch(`${b.url}/health`)).json()).toEqual({ status: 'ok', store: 'redis' });

    // The token from A works on B: the instances share the secret.
    const token = await subscriptionToken(a.url, { sid: 'sid-redis' });
    const tab = await sse(`${b.url}/session-events?token=${token}`);
    await tab.waitFor(': connected');
    const logout = await mintLogoutToken(key, {
      issuer: op.issuer,
      aud: 'react-demo',
      sid: 'sid-redis',
    });
    expect((await postLogoutToken(`${a.url}/backchannel-logout/react-demo`, logout)).status).toBe(
      200,
    );
    await tab.waitFor('"sid":"sid-redis"');
    // A replay sent to the other instance is refused too.
    expect((await postLogoutToken(`${b.url}/backchannel-logout/react-demo`, logout)).status).toBe(
      400,
    );
  });
});
