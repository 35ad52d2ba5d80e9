// The receiver against a real JWKS over HTTP: one test per rule of Back-Channel Logout 1.0 §2.6.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  type LogoutEvent,
  type LogoutRejectReason,
  type MemorySessionEventStore,
  type SessionEventStore,
} from '../src';
import { formRequest } from './helpers/http';
import {
  BCL_EVENT,
  base64url,
  CLIENT_ID,
  createSigningKey,
  mintLogoutToken,
  startTestOp,
  type SigningKey,
  type TestOp,
} from './helpers/op';

let op: TestOp;
let key: SigningKey;
let store: MemorySessionEventStore;
let rejections: LogoutRejectReason[];
let handler: (request: Request) => Promise<Response>;
const RECEIVER = 'https://rp.example/backchannel-logout';

beforeAll(async () => {
  key = await createSigningKey('RS256');
  op = await startTestOp([key]);
});
afterAll(() => op.close());
afterEach(() => {
  op.discoveryDown = false;
  vi.useRealTimers();
});

function freshHandler(extra: Partial<Parameters<typeof createBackchannelLogoutHandler>[0]> = {}) {
  store = createMemoryStore();
  rejections = [];
  handler = createBackchannelLogoutHandler({
    issuer: op.issuer,
    clientId: CLIENT_ID,
    store,
    onReject: (reason) => rejections.push(reason),
    ...extra,
  });
  return handler;
}

const post = (token: string) =>
  handler(formRequest(RECEIVER, new URLSearchParams({ logout_token: token }).toString()));

async function expectRejected(response: Response, reason: LogoutRejectReason, status = 400) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as Record<string, string>;
  expect(body.error).toBe(status === 503 ? 'temporarily_unavailable' : 'invalid_request');
  expect(typeof body.error_description).toBe('string');
  expect(body.error_description).not.toMatch(/at .*\(|Error:|node_modules/);
  expect(rejections).toEqual([reason]);
}

describe('a valid logout token', () => {
  it('answers 200 no-store, records the logout and notifies subscribers', async () => {
    const onLogout = vi.fn();
    freshHandler({ onLogout });
    const seen: LogoutEvent[] = [];
    store.subscribe((event) => seen.push(event));

    const response = await post(await mintLogoutToken({ key, issuer: op.issuer }));

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
    expect(rejections).toEqual([]);
    expect(seen).toEqual([{ iss: op.issuer, sub: 'user-1', sid: 'sid-1', at: expect.any(Number) }]);
    expect(onLogout).toHaveBeenCalledWith(seen[0]);
    await expect(store.isEnded({ iss: op.issuer, sid: 'sid-1' })).resolves.toEqual(seen[0]);
  });

  it('discovers the JWKS once and keeps it cached', async () => {
    const before = { discovery: op.discoveryFetches, jwks: op.jwksFetches };
    freshHandler();
    for (let i = 0; i < 3; i++) {
      expect((await post(await mintLogoutToken({ key, issuer: op.issuer }))).status).toBe(200);
    }
    expect(op.discoveryFetches - before.discovery).toBe(1);
    expect(op.jwksFetches - before.jwks).toBe(1);
  });

  it.each([
    ['sub only', { sid: undefined }],
    ['sid only', { sub: undefined }],
    ['aud as an array holding the client_id', { aud: ['other', CLIENT_ID] }],
    ['exp in the future', { exp: Math.floor(Date.now() / 1000) + 120 }],
    ['iat within the clock tolerance ahead', { iat: Math.floor(Date.now() / 1000) + 30 }],
    ['events member with content', { events: { [BCL_EVENT]: { reason: 'x' } } }],
  ])('accepts %s', async (_name, claims) => {
    freshHandler();
    expect((await post(await mintLogoutToken({ key, issuer: op.issuer, claims }))).status).toBe(
      200,
    );
  });

  it.each([
    ['no typ header', { typ: undefined }],
    ['typ application/logout+jwt', { typ: 'application/logout+jwt' }],
    ['typ in upper case', { typ: 'Logout+JWT' }],
  ])('accepts %s', async (_name, header) => {
    freshHandler();
    expect((await post(await mintLogoutToken({ key, issuer: op.issuer, header }))).status).toBe(
      200,
    );
  });

  it('accepts typ JWT only with acceptJwtTyp (an OP that types logout tokens generically)', async () => {
    freshHandler({ acceptJwtTyp: true });
    for (const typ of ['JWT', 'jwt', 'application/jwt']) {
      const token = await mintLogoutToken({ key, issuer: op.issuer, header: { typ } });
      expect({ typ, status: (await post(token)).status }).toEqual({ typ, status: 200 });
    }
    // Every other check still applies, and other types are still refused.
    for (const [header, claims] of [
      [{ typ: 'at+jwt' }, {}],
      [{ typ: 'JWT' }, { nonce: 'n' }],
      [{ typ: 'JWT' }, { events: undefined }],
    ] as const) {
      const token = await mintLogoutToken({ key, issuer: op.issuer, header, claims });
      expect((await post(token)).status).toBe(400);
    }
  });

  it('accepts PS256, ES256 and EdDSA keys', async () => {
    for (const alg of ['PS256', 'ES256', 'EdDSA']) {
      const other = await createSigningKey(alg);
      op.keys = [key, other];
      freshHandler({ jwks: new URL(op.jwksUri) });
      const response = await post(await mintLogoutToken({ key: other, issuer: op.issuer }));
      expect({ alg, status: response.status }).toEqual({ alg, status: 200 });
    }
    op.keys = [key];
  });

  it('accepts a token without exp only with requireExp: false (an OP older than errata set 1)', async () => {
    freshHandler({ requireExp: false });
    const token = await mintLogoutToken({ key, issuer: op.issuer, claims: { exp: undefined } });
    expect((await post(token)).status).toBe(200);
    // iat still bounds its age, and an exp that is there is still checked.
    const old = await mintLogoutToken({
      key,
      issuer: op.issuer,
      claims: { exp: undefined, iat: Math.floor(Date.now() / 1000) - 3600 },
    });
    expect((await post(old)).status).toBe(400);
    const expired = await mintLogoutToken({
      key,
      issuer: op.issuer,
      claims: { exp: Math.floor(Date.now() / 1000) - 120 },
    });
    expect((await post(expired)).status).toBe(400);
  });

  it('accepts one of several client_ids', async () => {
    freshHandler({ clientId: ['another-client', CLIENT_ID] });
    expect((await post(await mintLogoutToken({ key, issuer: op.issuer }))).status).toBe(200);
  });
});

describe('the token is rejected with its reason', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, LogoutRejectReason, () => Promise<string>][] = [
    [
      'signed by another key under the same kid',
      'bad_signature',
      async () => {
        const forger = await createSigningKey('RS256', key.kid);
        return mintLogoutToken({ key: forger, issuer: op.issuer });
      },
    ],
    [
      'signed by a key the JWKS does not hold',
      'bad_signature',
      async () => mintLogoutToken({ key: await createSigningKey('RS256'), issuer: op.issuer }),
    ],
    [
      'a tampered payload',
      'bad_signature',
      async () => {
        const [h, , s] = (await mintLogoutToken({ key, issuer: op.issuer })).split('.');
        const payload = base64url({
          iss: op.issuer,
          aud: CLIENT_ID,
          iat: now(),
          exp: now() + 120,
          jti: 'x',
          sub: 'admin',
          events: { [BCL_EVENT]: {} },
        });
        return `${h}.${payload}.${s}`;
      },
    ],
    [
      'alg none (unsigned)',
      'unsupported_alg',
      async () =>
        `${base64url({ alg: 'none', typ: 'logout+jwt' })}.${base64url({ iss: op.issuer, aud: CLIENT_ID, iat: now(), jti: 'n', sub: 'user-1', events: { [BCL_EVENT]: {} } })}.`,
    ],
    [
      'HS256 (an HMAC, e.g. keyed with the public key)',
      'unsupported_alg',
      async () =>
        new SignJWT({
          iss: op.issuer,
          aud: CLIENT_ID,
          iat: now(),
          jti: 'h',
          sub: 'user-1',
          events: { [BCL_EVENT]: {} },
        })
          .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'logout+jwt' })
          .sign(new TextEncoder().encode(JSON.stringify(key.jwk))),
    ],
    [
      'an algorithm outside the allowed list (RS512)',
      'unsupported_alg',
      async () =>
        mintLogoutToken({ key: await createSigningKey('RS512', key.kid), issuer: op.issuer }),
    ],
    ['a wrong iss', 'wrong_issuer', () => mintLogoutToken({ key, issuer: 'https://evil.example' })],
    [
      'a wrong aud',
      'wrong_audience',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { aud: 'other-client' } }),
    ],
    [
      'no aud',
      'wrong_audience',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { aud: undefined } }),
    ],
    [
      'no iat',
      'missing_iat',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { iat: undefined } }),
    ],
    [
      'iat in the future',
      'iat_in_future',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { iat: now() + 600 } }),
    ],
    [
      'iat too old',
      'token_too_old',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { iat: now() - 3600 } }),
    ],
    [
      'no exp (REQUIRED since errata set 1)',
      'missing_exp',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { exp: undefined } }),
    ],
    [
      'an exp that is not a number',
      'invalid_claim',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { exp: 'tomorrow' } }),
    ],
    [
      'an expired exp',
      'token_expired',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { exp: now() - 120 } }),
    ],
    [
      'no events',
      'missing_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: undefined } }),
    ],
    [
      'events without the back-channel member',
      'missing_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: { 'urn:other': {} } } }),
    ],
    [
      'events as an array',
      'missing_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: [BCL_EVENT] } }),
    ],
    [
      'an events member that is a string',
      'bad_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: { [BCL_EVENT]: 'yes' } } }),
    ],
    [
      'an events member that is null',
      'bad_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: { [BCL_EVENT]: null } } }),
    ],
    [
      'an events member that is an array',
      'bad_events',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { events: { [BCL_EVENT]: [] } } }),
    ],
    [
      'neither sub nor sid',
      'missing_sub_and_sid',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { sub: undefined, sid: undefined } }),
    ],
    [
      'a sid that is not a string',
      'invalid_claim',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { sid: 42 } }),
    ],
    [
      'a nonce',
      'nonce_present',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { nonce: 'n-0S6_WzA2Mj' } }),
    ],
    [
      'typ JWT',
      'wrong_typ',
      () => mintLogoutToken({ key, issuer: op.issuer, header: { typ: 'JWT' } }),
    ],
    [
      'typ at+jwt',
      'wrong_typ',
      () => mintLogoutToken({ key, issuer: op.issuer, header: { typ: 'at+jwt' } }),
    ],
    [
      'no jti',
      'missing_jti',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { jti: undefined } }),
    ],
    [
      'a jti that is a number',
      'invalid_claim',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { jti: 7 } }),
    ],
    [
      'a nbf in the future',
      'token_not_yet_valid',
      () => mintLogoutToken({ key, issuer: op.issuer, claims: { nbf: now() + 600 } }),
    ],
    ['not a JWT', 'malformed_token', async () => 'not-a-jwt'],
    ['three garbage segments', 'malformed_token', async () => 'abc.def.ghi'],
    ['an encrypted (five-part) token', 'malformed_token', async () => 'a.b.c.d.e'],
  ];

  it.each(cases)('%s -> %s', async (_name, reason, mint) => {
    freshHandler();
    const response = await post(await mint());
    await expectRejected(response, reason);
    await expect(store.isEnded({ iss: op.issuer, sid: 'sid-1' })).resolves.toBeNull();
  });

  it('a replayed jti: the second identical POST is 400 replayed', async () => {
    freshHandler();
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    expect((await post(token)).status).toBe(200);
    rejections = [];
    await expectRejected(await post(token), 'replayed');
  });
});

describe('the HTTP request is rejected with its reason', () => {
  it('GET -> 405 with Allow: POST', async () => {
    freshHandler();
    const response = await handler(new Request(RECEIVER));
    await expectRejected(response, 'method_not_allowed', 405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['application/json', JSON.stringify({ logout_token: 'x' })],
    ['text/plain', 'logout_token=x'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('content type %s -> 415', async (type, body) => {
    freshHandler();
    const response = await handler(
      new Request(RECEIVER, { method: 'POST', headers: { 'Content-Type': type }, body }),
    );
    await expectRejected(response, 'bad_content_type', 415);
  });

  it('accepts a charset parameter on the form content type', async () => {
    freshHandler();
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    const response = await handler(
      new Request(RECEIVER, {
        method: 'POST',
        headers: { 'Content-Type': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8' },
        body: `logout_token=${token}`,
      }),
    );
    expect(response.status).toBe(200);
  });

  it('a body past the limit -> 413, declared by Content-Length', async () => {
    freshHandler({ maxBodyBytes: 1024 });
    const response = await handler(formRequest(RECEIVER, `logout_token=${'a'.repeat(2000)}`));
    await expectRejected(response, 'body_too_large', 413);
  });

  it('a body past the limit -> 413, streamed without Content-Length, and not read to its end', async () => {
    freshHandler({ maxBodyBytes: 64 * 1024 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('logout_token=' + 'a'.repeat(16 * 1024)));
      },
    });
    const response = await handler(
      new Request(RECEIVER, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    await expectRejected(response, 'body_too_large', 413);
    expect(pulled).toBeLessThan(10);
  });

  it.each([
    ['an empty body', 'missing_logout_token', ''],
    ['no logout_token', 'missing_logout_token', 'token=abc'],
    ['an empty logout_token', 'missing_logout_token', 'logout_token='],
    ['two logout_tokens', 'multiple_logout_tokens', 'logout_token=a.b.c&logout_token=d.e.f'],
  ] as const)('%s -> 400 %s', async (_name, reason, body) => {
    freshHandler();
    await expectRejected(await handler(formRequest(RECEIVER, body)), reason);
  });

  it('a body that is not UTF-8 -> 400 malformed_body', async () => {
    freshHandler();
    const response = await handler(
      new Request(RECEIVER, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new Uint8Array([0x6c, 0x3d, 0xff, 0xfe]),
      }),
    );
    await expectRejected(response, 'malformed_body');
  });
});

describe('configuration', () => {
  it.each([['none'], ['HS256'], ['hs512']])('refuses algorithm %s', (alg) => {
    expect(() =>
      createBackchannelLogoutHandler({
        issuer: 'https://op.example',
        clientId: 'c',
        store: createMemoryStore(),
        algorithms: ['RS256', alg],
      }),
    ).toThrow(/not allowed/);
  });

  it('an algorithm outside a narrowed list is refused', async () => {
    const es = await createSigningKey('ES256');
    op.keys = [key, es];
    freshHandler({ algorithms: ['RS256'], jwks: op.jwksUri });
    await expectRejected(
      await post(await mintLogoutToken({ key: es, issuer: op.issuer })),
      'unsupported_alg',
    );
    op.keys = [key];
  });

  it('an unreachable OP -> 503 jwks_unavailable, so the OP retries', async () => {
    freshHandler({ issuer: 'http://127.0.0.1:9', jwksOptions: { timeoutDuration: 2000 } });
    const token = await mintLogoutToken({ key, issuer: 'http://127.0.0.1:9' });
    const response = await post(token);
    await expectRejected(response, 'jwks_unavailable', 503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('a failed discovery is retried once its 5 s cool-down has passed', async () => {
    freshHandler();
    op.discoveryDown = true;
    const before = op.discoveryFetches;
    await expectRejected(
      await post(await mintLogoutToken({ key, issuer: op.issuer })),
      'jwks_unavailable',
      503,
    );
    op.discoveryDown = false;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5_001);
    rejections = [];
    expect((await post(await mintLogoutToken({ key, issuer: op.issuer }))).status).toBe(200);
    expect(op.discoveryFetches - before).toBe(2);
    vi.useRealTimers();
  });

  it('while discovery fails, forged tokens cause at most one fetch per cool-down', async () => {
    freshHandler();
    op.discoveryDown = true;
    const before = op.discoveryFetches;
    const forger = await createSigningKey('RS256');
    // Well-formed and signed by a key nobody publishes: only the keys can tell, so 503.
    for (let i = 0; i < 30; i++) {
      const response = await post(await mintLogoutToken({ key: forger, issuer: op.issuer }));
      expect(response.status).toBe(503);
    }
    expect(op.discoveryFetches - before).toBe(1);
    op.discoveryDown = false;
  });

  it('a token that fails on its claims is refused without any key lookup', async () => {
    freshHandler();
    op.discoveryDown = true;
    const before = op.discoveryFetches;
    const now = Math.floor(Date.now() / 1000);
    const forger = await createSigningKey('RS256');
    const broken: Record<string, unknown>[] = [
      { iss: 'https://evil.example' },
      { aud: 'another-client' },
      { iat: now - 3600 },
      { exp: now - 600 },
      { exp: undefined },
      { events: undefined },
      { sub: undefined, sid: undefined },
      { nonce: 'n' },
      { jti: undefined },
    ];
    for (const claims of broken) {
      const token = await mintLogoutToken({ key: forger, issuer: op.issuer, claims });
      expect({ claims, status: (await post(token)).status }).toEqual({ claims, status: 400 });
    }
    expect(op.discoveryFetches - before).toBe(0);
    op.discoveryDown = false;
  });

  it('a discovery document for another issuer is not trusted', async () => {
    freshHandler({ issuer: `${op.issuer}/other` });
    const token = await mintLogoutToken({ key, issuer: `${op.issuer}/other` });
    await expectRejected(await post(token), 'jwks_unavailable', 503);
  });

  it('a store that fails -> 503 store_unavailable, and the jti is released for the retry', async () => {
    const memory = createMemoryStore();
    let failures = 1;
    const flaky: SessionEventStore = {
      ...memory,
      async recordLogout(event, token) {
        if (failures-- > 0) throw new Error('ECONNREFUSED 10.0.0.7:6379');
        return memory.recordLogout(event, token);
      },
    };
    freshHandler({ store: flaky });
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    const first = await post(token);
    await expectRejected(first, 'store_unavailable', 503);
    expect(await first.text().catch(() => '')).not.toContain('10.0.0.7');
    rejections = [];
    expect((await post(token)).status).toBe(200);
  });

  it('the "finished" mark failing after the hook ran still answers 200; a replay is then finished again, nothing new recorded', async () => {
    const memory = createMemoryStore();
    const recorded: LogoutEvent[] = [];
    memory.subscribe((event) => recorded.push(event));
    const store: SessionEventStore = {
      ...memory,
      completeLogout: async () => {
        throw new Error('ECONNRESET');
      },
    };
    const hook = vi.fn();
    freshHandler({ store, onLogout: hook });
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    expect((await post(token)).status).toBe(200);
    expect((await post(token)).status).toBe(200);
    expect(hook).toHaveBeenCalledTimes(2);
    expect(hook.mock.calls[1]![0]).toEqual(hook.mock.calls[0]![0]);
    // Announced again (the tabs of this instance may have missed it), recorded once.
    expect(recorded).toEqual([hook.mock.calls[0]![0], hook.mock.calls[0]![0]]);
    expect(rejections).toEqual([]);
  });

  it('onLogout failing -> 503, and the retry runs it again', async () => {
    let calls = 0;
    freshHandler({
      onLogout: () => {
        if (calls++ === 0) throw new Error('session DB down');
      },
    });
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    await expectRejected(await post(token), 'logout_hook_failed', 503);
    rejections = [];
    expect((await post(token)).status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe('JWKS rotation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("follows a rotated JWKS: an unknown kid refetches it (after jose's 30 s cooldown)", async () => {
    const keyA = await createSigningKey('RS256');
    const keyB = await createSigningKey('ES256');
    op.keys = [keyA];
    freshHandler();
    const fetchesBefore = op.jwksFetches;

    expect((await post(await mintLogoutToken({ key: keyA, issuer: op.issuer }))).status).toBe(200);
    expect(op.jwksFetches - fetchesBefore).toBe(1);

    // The OP rotates to key B only.
    op.keys = [keyB];
    // Within the cooldown a forged kid cannot make us refetch: rejected, no new fetch.
    await expectRejected(
      await post(await mintLogoutToken({ key: keyB, issuer: op.issuer })),
      'bad_signature',
    );
    expect(op.jwksFetches - fetchesBefore).toBe(1);

    // Past the cooldown, the unknown kid triggers one refetch and B is accepted.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    rejections = [];
    const response = await post(await mintLogoutToken({ key: keyB, issuer: op.issuer }));
    expect(rejections).toEqual([]);
    expect(response.status).toBe(200);
    expect(op.jwksFetches - fetchesBefore).toBe(2);
    // A's tokens are refused now that A is gone from the JWKS.
    await expectRejected(
      await post(await mintLogoutToken({ key: keyA, issuer: op.issuer })),
      'bad_signature',
    );
    op.keys = [key];
  });

  it('a jose key set function can be passed instead (e.g. a shorter cooldown)', async () => {
    const { createRemoteJWKSet } = await import('jose');
    const keyA = await createSigningKey('RS256');
    const keyB = await createSigningKey('RS256');
    op.keys = [keyA];
    freshHandler({ jwks: createRemoteJWKSet(new URL(op.jwksUri), { cooldownDuration: 0 }) });
    expect((await post(await mintLogoutToken({ key: keyA, issuer: op.issuer }))).status).toBe(200);
    op.keys = [keyB];
    expect((await post(await mintLogoutToken({ key: keyB, issuer: op.issuer }))).status).toBe(200);
    op.keys = [key];
  });
});
