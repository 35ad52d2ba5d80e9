// The Redis store against a real redis-server: two receiver instances sharing it, pub/sub across
// instances, and Redis killed and restarted mid-run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackchannelLogoutHandler,
  createSessionEventsHandler,
  toNodeHandler,
  type LogoutRejectReason,
} from '../src';
import { createRedisStore, RedisUnavailableError, type RedisSessionEventStore } from '../src/redis';
import {
  logoutEvents,
  openSse,
  postLogoutToken,
  serve,
  type Served,
  type SseClient,
} from './helpers/http';
import {
  CLIENT_ID,
  createSigningKey,
  mintLogoutToken,
  startTestOp,
  type SigningKey,
  type TestOp,
} from './helpers/op';
import { startRedisServer, type RedisServer } from './helpers/redis-server';
import { describeStoreContract } from './helpers/store-contract';
import { waitUntil } from './helpers/wait';

let redis: RedisServer;
let op: TestOp;
let key: SigningKey;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  key = await createSigningKey();
  op = await startTestOp([key]);
});
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await op?.close();
  await redis?.stop();
});

let prefixes = 0;
describeStoreContract('redis store', () =>
  createRedisStore({ url: redis.url, keyPrefix: `contract-${++prefixes}:` }),
);

/** One RP backend instance: its own store (own Redis connections), receiver and SSE endpoint. */
interface Instance {
  store: RedisSessionEventStore;
  receiver: Served;
  events: Served;
  rejections: LogoutRejectReason[];
  redisErrors: unknown[];
}

async function startInstance(prefix: string): Promise<Instance> {
  const redisErrors: unknown[] = [];
  const rejections: LogoutRejectReason[] = [];
  const store = await createRedisStore({
    url: redis.url,
    keyPrefix: prefix,
    commandTimeoutMs: 1000,
    onError: (err) => redisErrors.push(err),
  });
  const receiver = await serve(
    toNodeHandler(
      createBackchannelLogoutHandler({
        issuer: op.issuer,
        clientId: CLIENT_ID,
        store,
        onReject: (reason) => rejections.push(reason),
      }),
    ),
  );
  const events = await serve(
    toNodeHandler(
      createSessionEventsHandler({
        store,
        issuer: op.issuer,
        authenticate: (request) => ({ sid: request.headers.get('x-sid')! }),
      }),
    ),
  );
  closers.push(
    () => store.close(),
    () => receiver.close(),
    () => events.close(),
  );
  return { store, receiver, events, rejections, redisErrors };
}

async function tab(instance: Instance, sid: string): Promise<SseClient> {
  const client = await openSse(instance.events.url, { headers: { 'x-sid': sid } });
  closers.push(() => client.close());
  await client.waitFor(': connected');
  return client;
}

const logoutFor = (sid: string) =>
  mintLogoutToken({ key, issuer: op.issuer, claims: { sid, sub: `user-of-${sid}` } });

describe('two instances on one Redis', () => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    a = await startInstance('cluster:');
    b = await startInstance('cluster:');
  });

  it('a logout posted to A reaches an SSE client connected to B', async () => {
    const client = await tab(b, 'sid-live');
    await waitUntil(() => b.store.subscriberCount === 1, 'B has the SSE subscriber');

    const response = await postLogoutToken(a.receiver.url, await logoutFor('sid-live'));
    expect(response.status).toBe(200);

    expect(logoutEvents(await client.waitFor('event: logout'))).toEqual([
      { iss: op.issuer, sub: 'user-of-sid-live', sid: 'sid-live', reason: 'backchannel-logout' },
    ]);
    await expect(b.store.isEnded({ iss: op.issuer, sid: 'sid-live' })).resolves.toMatchObject({
      sid: 'sid-live',
    });
    await waitUntil(() => b.store.subscriberCount === 0, 'B unsubscribed after the logout');
  });

  it('a replay posted to the other instance is refused (the jti is shared)', async () => {
    const token = await logoutFor('sid-replay');
    expect((await postLogoutToken(a.receiver.url, token)).status).toBe(200);
    const replay = await postLogoutToken(b.receiver.url, token);
    expect(replay.status).toBe(400);
    expect(b.rejections).toContain('replayed');
  });

  it('survives Redis being killed and restarted: 503 while down, nothing acknowledged is lost', async () => {
    // A tab on B that is still listening when Redis dies.
    const survivor = await tab(b, 'sid-survivor');

    await redis.kill();
    await waitUntil(() => !a.store.isReady && !b.store.isReady, 'both stores to notice the outage');

    // The OP posts while Redis is down: not 200 (the OP must retry), and nothing crashes.
    const token = await logoutFor('sid-during-outage');
    const during = await postLogoutToken(a.receiver.url, token);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await during.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'temporarily unavailable, retry later',
    });
    expect(a.rejections).toContain('store_unavailable');
    // SSE requests still open; the store check fails quietly and live events resume later.
    expect(a.redisErrors.length + b.redisErrors.length).toBeGreaterThan(0);

    await redis.restart();
    await waitUntil(() => a.store.isReady && b.store.isReady, 'both stores to reconnect', 15_000);

    // The OP's retry of the very same token: accepted (it was never marked as seen).
    const retry = await postLogoutToken(a.receiver.url, token);
    expect(retry.status).toBe(200);

    // A tab connecting later, on the other instance, learns it at once from the store.
    const late = await tab(b, 'sid-during-outage');
    expect(logoutEvents(await late.waitFor('event: logout'))).toEqual([
      {
        iss: op.issuer,
        sub: 'user-of-sid-during-outage',
        sid: 'sid-during-outage',
        reason: 'backchannel-logout',
      },
    ]);

    // B's subscriber connection is back on its channel (node-redis resubscribes before 'ready'):
    // the tab that stayed connected through the outage hears a new logout.
    expect((await postLogoutToken(a.receiver.url, await logoutFor('sid-survivor'))).status).toBe(
      200,
    );
    await survivor.waitFor('event: logout');
  });
});

/** node-redis v5 has close(); v4 only quit() (the peer range covers both). */
const closeClient = (client: object) =>
  'close' in client && typeof client.close === 'function'
    ? (client.close as () => Promise<unknown>)()
    : (client as { quit(): Promise<unknown> }).quit();

describe('createRedisStore', () => {
  it('uses an app-provided client and leaves it open on close', async () => {
    const { createClient } = await import('redis');
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    const store = await createRedisStore({ client, keyPrefix: 'own:' });
    expect(client.isReady).toBe(true);
    await store.recordLogout({ iss: 'i', sid: 's', at: 1 });
    await expect(store.isEnded({ iss: 'i', sid: 's' })).resolves.toEqual({
      iss: 'i',
      sid: 's',
      at: 1,
    });
    await store.close();
    expect(client.isOpen).toBe(true);
    await closeClient(client);
  });

  it('keeps ended sessions and jti marks with a TTL', async () => {
    const { createClient } = await import('redis');
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    await client.connect();
    const store = await createRedisStore({ url: redis.url, keyPrefix: 'ttl:', endedTtlMs: 60_000 });
    await store.recordLogout(
      { iss: 'i', sid: 's', sub: 'u', at: 1 },
      { jti: 'i j', ttlMs: 30_000 },
    );
    const ttl = await client.pTTL('ttl:ended:sid:i s');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.pTTL('ttl:jti:i j')).toBeGreaterThan(20_000);
    await store.close();
    await closeClient(client);
  });

  it('fails with a clear error within connectTimeoutMs when Redis is unreachable at start', async () => {
    const nobody = `redis://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const outcome = await Promise.race([
      createRedisStore({ url: nobody, connectTimeoutMs: 500, onError: () => undefined }).then(
        () => 'resolved',
        (err: unknown) => err,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still pending after 5 s'), 5000)),
    ]);
    expect(outcome).toBeInstanceOf(RedisUnavailableError);
    expect(String((outcome as Error).message)).toMatch(/127\.0\.0\.1:\d+ .*500 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('needs a url or a client', async () => {
    await expect(createRedisStore({})).rejects.toThrow(/url or client/);
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
