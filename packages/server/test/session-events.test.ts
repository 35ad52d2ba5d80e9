// The SSE stream served through toNodeHandler on node:http, read by fetch like a browser would.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  createSessionEventsHandler,
  toNodeHandler,
  type MemorySessionEventStore,
} from '../src';
import { logoutEvents, openSse, postLogoutToken, serve, type Served } from './helpers/http';
import { CLIENT_ID, createSigningKey, mintLogoutToken, startTestOp } from './helpers/op';
import { waitUntil } from './helpers/wait';

const ISS = 'https://op.example';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The SSE endpoint authenticates with a header standing in for the RP's session cookie. */
async function serveEvents(
  store: MemorySessionEventStore,
  heartbeatMs?: number,
  caps: { maxStreams?: number; maxStreamsPerSession?: number } = {},
): Promise<Served> {
  const events = createSessionEventsHandler({
    store,
    issuer: ISS,
    ...caps,
    ...(heartbeatMs !== undefined && { heartbeatMs }),
    authenticate: (request) => {
      const session = request.headers.get('x-test-session');
      if (!session) return null;
      const [sub, sid] = session.split(':');
      return { sub: sub!, sid: sid! };
    },
  });
  const served = await serve(toNodeHandler(events));
  cleanups.push(() => served.close());
  return served;
}

async function connect(served: Served, session: string) {
  const client = await openSse(`${served.url}/events`, { headers: { 'x-test-session': session } });
  cleanups.push(() => client.close());
  return client;
}

describe('session events (SSE)', () => {
  it('streams text/event-stream, no-store, and starts at once', async () => {
    const served = await serveEvents(createMemoryStore());
    const client = await connect(served, 'alice:s1');
    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers.get('cache-control')).toBe('no-store, no-transform');
    await client.waitFor(': connected\n\n');
    expect(client.text()).toMatch(/^retry: \d+\n/);
  });

  it('delivers a logout for its sid, and only to that session', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store);
    const mine = await connect(served, 'alice:s1');
    const other = await connect(served, 'alice:s2');
    await mine.waitFor(': connected');
    await other.waitFor(': connected');
    await waitUntil(() => store.subscriberCount === 2, 'both subscribed');

    await store.recordLogout({ iss: ISS, sub: 'alice', sid: 's1', at: Date.now() });

    const text = await mine.waitFor('event: logout');
    expect(text).toContain(
      `event: logout\ndata: {"iss":"${ISS}","sub":"alice","sid":"s1","reason":"backchannel-logout"}\n\n`,
    );
    await mine.ended();
    expect(other.text()).not.toContain('event: logout');
    expect(store.subscriberCount).toBe(1);
  });

  it('a logout of every session of the user reaches each of them', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store);
    const a = await connect(served, 'bob:s1');
    const b = await connect(served, 'bob:s2');
    await a.waitFor(': connected');
    await b.waitFor(': connected');
    await waitUntil(() => store.subscriberCount === 2, 'both subscribed');
    await store.recordLogout({ iss: ISS, sub: 'bob', at: Date.now() });
    expect(logoutEvents(await a.waitFor('event: logout'))).toEqual([
      { iss: ISS, sub: 'bob', reason: 'backchannel-logout' },
    ]);
    await b.waitFor('event: logout');
  });

  it('a tab connecting after the logout learns it immediately', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store);
    await store.recordLogout({ iss: ISS, sub: 'carol', sid: 's7', at: Date.now() });
    const late = await connect(served, 'carol:s7');
    expect(logoutEvents(await late.waitFor('event: logout'))).toEqual([
      { iss: ISS, sub: 'carol', sid: 's7', reason: 'backchannel-logout' },
    ]);
    await late.ended();
  });

  it('end to end: the OP posts to the receiver, the tab hears it', async () => {
    const key = await createSigningKey();
    const op = await startTestOp([key]);
    cleanups.push(() => op.close());
    const store = createMemoryStore();
    const receiver = await serve(
      toNodeHandler(
        createBackchannelLogoutHandler({ issuer: op.issuer, clientId: CLIENT_ID, store }),
      ),
    );
    cleanups.push(() => receiver.close());
    const events = await serve(
      toNodeHandler(
        createSessionEventsHandler({
          store,
          issuer: op.issuer,
          authenticate: () => ({ sid: 'sid-1' }),
        }),
      ),
    );
    cleanups.push(() => events.close());
    const tab = await openSse(events.url);
    cleanups.push(() => tab.close());
    await tab.waitFor(': connected');

    const response = await postLogoutToken(
      receiver.url,
      await mintLogoutToken({ key, issuer: op.issuer }),
    );
    expect(response.status).toBe(200);
    expect(logoutEvents(await tab.waitFor('event: logout'))).toEqual([
      { iss: op.issuer, sub: 'user-1', sid: 'sid-1', reason: 'backchannel-logout' },
    ]);
  });

  it('a client that goes away is unsubscribed (abort cleans up)', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store);
    const clients = await Promise.all([1, 2, 3].map((i) => connect(served, `dan:s${i}`)));
    await Promise.all(clients.map((c) => c.waitFor(': connected')));
    await waitUntil(() => store.subscriberCount === 3, 'three subscribers');
    for (const client of clients) client.close();
    await waitUntil(() => store.subscriberCount === 0, 'subscribers back to 0');
  });

  it('caps streams per session and overall: 429 with Retry-After past either, a slot again once one closes', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store, undefined, { maxStreams: 3, maxStreamsPerSession: 2 });
    const first = await connect(served, 'fay:s1');
    await connect(served, 'fay:s1');
    await waitUntil(() => store.subscriberCount === 2, 'two streams');

    const third = await fetch(`${served.url}/events`, { headers: { 'x-test-session': 'fay:s1' } });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.json()).toEqual({
      error: 'too_many_requests',
      error_description: 'too many event streams for this session',
    });

    await connect(served, 'gus:s2');
    await waitUntil(() => store.subscriberCount === 3, 'three streams');
    const fourth = await fetch(`${served.url}/events`, { headers: { 'x-test-session': 'hal:s3' } });
    expect(fourth.status).toBe(429);
    expect(await fourth.json()).toMatchObject({ error_description: 'too many event streams' });

    first.close();
    await waitUntil(() => store.subscriberCount === 2, 'a stream closed');
    const again = await connect(served, 'fay:s1');
    await again.waitFor(': connected');
    expect(again.response.status).toBe(200);
  });

  it('a stream the server ends (logout delivered) frees its slot', async () => {
    const store = createMemoryStore();
    const served = await serveEvents(store, undefined, { maxStreamsPerSession: 1 });
    const tab = await connect(served, 'ida:s1');
    await tab.waitFor(': connected');
    await store.recordLogout({ iss: ISS, sub: 'ida', sid: 's1', at: Date.now() });
    await tab.ended();
    const next = await connect(served, 'ida:s1');
    expect(next.response.status).toBe(200);
    await next.waitFor('event: logout');
  });

  it('sends heartbeats as comments', async () => {
    const served = await serveEvents(createMemoryStore(), 50);
    const client = await connect(served, 'erin:s1');
    await client.waitFor(': heartbeat\n\n');
  });

  it('a heartbeat re-checks the store: a logout whose push was missed still arrives', async () => {
    const store = createMemoryStore();
    // A store whose push never arrives (as when this instance was cut off from Redis pub/sub).
    const deaf = { ...store, subscribe: () => () => undefined };
    const events = createSessionEventsHandler({
      store: deaf,
      issuer: ISS,
      heartbeatMs: 50,
      authenticate: () => ({ sid: 's1' }),
    });
    const served = await serve(toNodeHandler(events));
    cleanups.push(() => served.close());
    const client = await openSse(served.url);
    cleanups.push(() => client.close());
    await client.waitFor(': connected');
    await store.recordLogout({ iss: ISS, sid: 's1', at: Date.now() });
    await client.waitFor('event: logout');
  });

  it('no session -> 401 JSON, not a stream', async () => {
    const served = await serveEvents(createMemoryStore());
    const response = await fetch(`${served.url}/events`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'no session',
    });
  });

  it('POST -> 405', async () => {
    const served = await serveEvents(createMemoryStore());
    const response = await fetch(`${served.url}/events`, { method: 'POST' });
    expect(response.status).toBe(405);
  });

  it('works on the Web handler directly: an aborted request signal unsubscribes', async () => {
    const store = createMemoryStore();
    const handler = createSessionEventsHandler({
      store,
      issuer: ISS,
      authenticate: () => ({ sub: 'x' }),
    });
    const abort = new AbortController();
    const response = await handler(
      new Request('https://rp.example/events', { signal: abort.signal }),
    );
    expect(store.subscriberCount).toBe(1);
    abort.abort();
    expect(store.subscriberCount).toBe(0);
    await response.body?.cancel();
  });
});
