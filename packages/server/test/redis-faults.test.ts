// A logout is never lost to a Redis fault: the link dropped, or redis-server killed, at the moment
// the receiver's write reached Redis (the write ran, its reply never came back), and an onLogout
// hook failing during an outage. The OP retries every 503; it must end with a 200, never a 400
// "replayed", and the tab must hear the logout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackchannelLogoutHandler,
  createSessionEventsHandler,
  toNodeHandler,
  type LogoutEvent,
  type LogoutRejectReason,
} from '../src';
import { createRedisStore, type RedisSessionEventStore } from '../src/redis';
import { logoutEvents, openSse, postLogoutToken, serve } from './helpers/http';
import {
  createSigningKey,
  mintLogoutToken,
  startTestOp,
  CLIENT_ID,
  type SigningKey,
  type TestOp,
} from './helpers/op';
import { startRedisServer, type RedisServer } from './helpers/redis-server';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy';
import { waitUntil } from './helpers/wait';

let redis: RedisServer;
let proxy: TcpProxy;
let op: TestOp;
let key: SigningKey;
let cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  // Durable like production should be: a killed Redis comes back with every acknowledged write.
  redis = await startRedisServer({ durable: true });
  proxy = await startTcpProxy(redis.port);
  key = await createSigningKey();
  op = await startTestOp([key]);
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});
afterAll(async () => {
  await op?.close();
  await proxy?.close();
  await redis?.stop();
});

let prefixes = 0;

/** One RP backend instance whose Redis link goes through the proxy, and a tab listening to it. */
async function startInstance(onLogout?: (event: LogoutEvent) => void) {
  const rejections: LogoutRejectReason[] = [];
  const store: RedisSessionEventStore = await createRedisStore({
    url: proxy.url,
    keyPrefix: `faults-${++prefixes}:`,
    commandTimeoutMs: 1000,
    onError: () => undefined,
  });
  const receiver = await serve(
    toNodeHandler(
      createBackchannelLogoutHandler({
        issuer: op.issuer,
        clientId: CLIENT_ID,
        store,
        ...(onLogout && { onLogout }),
        onReject: (reason) => rejections.push(reason),
      }),
    ),
  );
  const events = await serve(
    toNodeHandler(
      createSessionEventsHandler({
        store,
        issuer: op.issuer,
        authenticate: () => ({ sub: 'user-1', sid: 'sid-1' }),
      }),
    ),
  );
  const tab = await openSse(events.url);
  await tab.waitFor(': connected');
  cleanups.push(
    () => tab.close(),
    () => receiver.close(),
    () => events.close(),
    () => store.close(),
  );
  return { store, receiver, tab, rejections };
}

/** What an OP that retries does: post, and after each 503 post again once Redis is back. */
async function deliverWithRetries(
  url: string,
  token: string,
  store: RedisSessionEventStore,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const status = (await postLogoutToken(url, token)).status;
    statuses.push(status);
    if (status !== 503) break;
    await waitUntil(() => store.isReady, 'the store to reconnect', 15_000);
  }
  return statuses;
}

async function expectLogoutDelivered(
  instance: Awaited<ReturnType<typeof startInstance>>,
  statuses: number[],
) {
  // The first answer is 503 (the OP must retry), the last 200; never "replayed".
  expect(statuses[0]).toBe(503);
  expect(statuses.at(-1)).toBe(200);
  expect(instance.rejections).not.toContain('replayed');
  await expect(instance.store.isEnded({ iss: op.issuer, sid: 'sid-1' })).resolves.toMatchObject({
    sid: 'sid-1',
  });
  expect(logoutEvents(await instance.tab.waitFor('event: logout'))).toEqual([
    { iss: op.issuer, sub: 'user-1', sid: 'sid-1', reason: 'backchannel-logout' },
  ]);
}

describe('a logout survives a Redis fault at the moment it is written', () => {
  it('the connection drops once the write reached Redis (its reply is lost)', async () => {
    const instance = await startInstance();
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    const broken = proxy.breakAt('jti:', () => proxy.dropConnections());

    const statuses = await deliverWithRetries(instance.receiver.url, token, instance.store);
    await broken;

    await expectLogoutDelivered(instance, statuses);
  });

  it('redis-server is killed once the write reached it, then restarted', async () => {
    const instance = await startInstance();
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    const broken = proxy.breakAt('jti:', async () => {
      await redis.kill();
      proxy.dropConnections();
    });

    const first = await postLogoutToken(instance.receiver.url, token);
    await broken;
    await redis.restart();
    await waitUntil(() => instance.store.isReady, 'the store to reconnect', 15_000);
    const statuses = [
      first.status,
      ...(await deliverWithRetries(instance.receiver.url, token, instance.store)),
    ];

    await expectLogoutDelivered(instance, statuses);
  });

  it('onLogout throws while Redis is unreachable: the retry runs it again and succeeds', async () => {
    let calls = 0;
    const instance = await startInstance(() => {
      if (calls++ > 0) return;
      // The RP's session DB is down with the network, and so is the link to Redis.
      proxy.dropConnections();
      throw new Error('session DB unreachable');
    });
    const token = await mintLogoutToken({ key, issuer: op.issuer });

    const statuses = await deliverWithRetries(instance.receiver.url, token, instance.store);

    await expectLogoutDelivered(instance, statuses);
    expect(instance.rejections[0]).toBe('logout_hook_failed');
    expect(calls).toBe(2);
  });

  it('a replay of a logout that was fully handled is still refused', async () => {
    const instance = await startInstance();
    const token = await mintLogoutToken({ key, issuer: op.issuer });
    expect((await postLogoutToken(instance.receiver.url, token)).status).toBe(200);
    expect((await postLogoutToken(instance.receiver.url, token)).status).toBe(400);
    expect(instance.rejections).toEqual(['replayed']);
  });
});
