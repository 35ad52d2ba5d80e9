// The documented Express and Fastify setups (examples/), over real HTTP.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, toNodeHandler } from '../src';
import { createExpressApp, type ExampleOptions } from '../examples/express';
import { createFastifyApp } from '../examples/fastify';
import { logoutEvents, openSse, postLogoutToken, serve } from './helpers/http';
import {
  CLIENT_ID,
  createSigningKey,
  mintLogoutToken,
  startTestOp,
  type SigningKey,
  type TestOp,
} from './helpers/op';

let op: TestOp;
let key: SigningKey;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  key = await createSigningKey();
  op = await startTestOp([key]);
});
afterAll(() => op.close());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const findSession: ExampleOptions['findSession'] = (cookie) =>
  cookie === 'rp_session=abc' ? { sub: 'user-1', sid: 'sid-1' } : null;

async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const twoTokens = (token: string) =>
  new URLSearchParams([
    ['logout_token', token],
    ['logout_token', token],
  ]);

describe('Express (examples/express.ts)', () => {
  it('receives a logout (no body parser) and pushes it to the SSE client', async () => {
    const store = createMemoryStore();
    const url = await listen(
      createExpressApp({ issuer: op.issuer, clientId: CLIENT_ID, store, findSession }),
    );
    const tab = await openSse(`${url}/session-events`, { headers: { cookie: 'rp_session=abc' } });
    cleanups.push(() => tab.close());
    await tab.waitFor(': connected');

    const response = await postLogoutToken(
      `${url}/backchannel-logout`,
      await mintLogoutToken({ key, issuer: op.issuer }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(logoutEvents(await tab.waitFor('event: logout'))).toEqual([
      { iss: op.issuer, sub: 'user-1', sid: 'sid-1', reason: 'backchannel-logout' },
    ]);
  });

  it('answers 401 to an SSE request without the session cookie', async () => {
    const url = await listen(
      createExpressApp({ issuer: op.issuer, clientId: CLIENT_ID, findSession }),
    );
    expect((await fetch(`${url}/session-events`)).status).toBe(401);
  });

  it('refuses an oversized body with 413 over the wire', async () => {
    const url = await listen(
      createExpressApp({ issuer: op.issuer, clientId: CLIENT_ID, findSession }),
    );
    const response = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `logout_token=${'a'.repeat(100 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const url = await listen(
      createExpressApp({ issuer: op.issuer, clientId: CLIENT_ID, findSession }),
    );
    const chunk = new TextEncoder().encode('a'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('still works when express.urlencoded() consumed the body first', async () => {
    const store = createMemoryStore();
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    const example = createExpressApp({
      issuer: op.issuer,
      clientId: CLIENT_ID,
      store,
      findSession,
    });
    app.use(example);
    const url = await listen(app);

    const token = await mintLogoutToken({ key, issuer: op.issuer });
    expect((await postLogoutToken(`${url}/backchannel-logout`, token)).status).toBe(200);
    await expect(store.isEnded({ iss: op.issuer, sid: 'sid-1' })).resolves.not.toBeNull();
    // Repeated fields survive the round trip through req.body.
    const twice = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: twoTokens(await mintLogoutToken({ key, issuer: op.issuer })),
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ error_description: 'more than one logout_token' });
  });

  it('works mounted under a router path (req.url rewritten, originalUrl kept)', async () => {
    const app = express();
    const router = express.Router();
    let seenUrl = '';
    router.post(
      '/logout',
      toNodeHandler((request) => {
        seenUrl = request.url;
        return new Response(null, { status: 204 });
      }),
    );
    app.use('/auth', router);
    const url = await listen(app);
    expect((await fetch(`${url}/auth/logout?x=1`, { method: 'POST' })).status).toBe(204);
    expect(seenUrl).toBe(`${url}/auth/logout?x=1`);
  });
});

describe('Fastify (examples/fastify.ts)', () => {
  it('receives a logout and pushes it to the SSE client', async () => {
    const store = createMemoryStore();
    const app = createFastifyApp({ issuer: op.issuer, clientId: CLIENT_ID, store, findSession });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    const tab = await openSse(`${url}/session-events`, { headers: { cookie: 'rp_session=abc' } });
    cleanups.push(() => tab.close());
    await tab.waitFor(': connected');

    const response = await postLogoutToken(
      `${url}/backchannel-logout`,
      await mintLogoutToken({ key, issuer: op.issuer }),
    );
    expect(response.status).toBe(200);
    await tab.waitFor('event: logout');

    const twice = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: twoTokens(await mintLogoutToken({ key, issuer: op.issuer })),
    });
    expect(twice.status).toBe(400);
    const tooBig = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `logout_token=${'a'.repeat(100 * 1024)}`,
    });
    expect(tooBig.status).toBe(413);
  });
});

describe('toNodeHandler', () => {
  it('keeps several Set-Cookie headers and streams the body', async () => {
    const served = await serve(
      toNodeHandler(() => {
        const headers = new Headers();
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2; Path=/');
        return new Response('hello', { status: 201, headers });
      }),
    );
    cleanups.push(() => served.close());
    const response = await fetch(served.url);
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.text()).toBe('hello');
  });

  it('answers without reading a large body, again and again (no hang, no reset)', async () => {
    const served = await serve(toNodeHandler(() => new Response('nope', { status: 415 })));
    cleanups.push(() => served.close());
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 3; i++) {
      const response = await fetch(served.url, { method: 'POST', body: big });
      expect(response.status).toBe(415);
      expect(await response.text()).toBe('nope');
    }
  });

  it('a handler that throws answers 500 without details', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const served = await serve(
        toNodeHandler(() => {
          throw new Error('secret internals at /srv/app.js:12');
        }),
      );
      cleanups.push(() => served.close());
      const response = await fetch(served.url);
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('{"error":"server_error"}');
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});
