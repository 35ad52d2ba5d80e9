#!/usr/bin/env node
// `node src/cli.js` (or `pnpm --filter @oidc-session/demo-backend start`): runs the demo backend
// until SIGINT or SIGTERM. Configured by env only (see README): PORT, HOST, OP_ORIGIN, REDIS_URL,
// SUBSCRIPTION_SECRET, APP_ORIGINS, ACCEPT_JWT_TYP, REQUIRE_EXP. Needs @oidc-session/server built (`pnpm --filter @oidc-session/server build`).
// Exit codes: 0 after a signal, 1 when it cannot start (e.g. the port is taken).
import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '@oidc-session/server';
import {
  createDemoBackend,
  DEFAULT_OP_ORIGIN,
  DEFAULT_PORT,
  DEMO_APP_ORIGINS,
  listen,
} from './index.js';

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/** @param {unknown} err */
function fail(err) {
  const e = /** @type {NodeJS.ErrnoException} */ (err);
  const detail =
    e?.code === 'EADDRINUSE' ? `port in use (${e.message})` : e?.message || String(err);
  process.stderr.write(`demo-backend failed: ${detail.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

try {
  const issuer = (process.env.OP_ORIGIN || DEFAULT_OP_ORIGIN).replace(/\/+$/, '');
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  const host = process.env.HOST || 'localhost';
  const redisUrl = process.env.REDIS_URL;
  // CORS: the demo apps' origins, or a comma-separated list.
  const allowedOrigins = process.env.APP_ORIGINS
    ? process.env.APP_ORIGINS.split(',').map((o) => new URL(o.trim()).origin)
    : DEMO_APP_ORIGINS;
  // Several instances on one Redis must share the secret; one instance can make its own.
  const secret = process.env.SUBSCRIPTION_SECRET || randomBytes(32);
  if (redisUrl && !process.env.SUBSCRIPTION_SECRET) {
    log(
      'demo-backend warning: REDIS_URL without SUBSCRIPTION_SECRET: tokens work on this instance only',
    );
  }

  /** @type {import('@oidc-session/server').SessionEventStore} */
  let store;
  if (redisUrl) {
    log(`demo-backend connecting to redis ${new URL(redisUrl).host}`);
    const { createRedisStore } = await import('@oidc-session/server/redis');
    // Outages are logged once each (to stderr) by the store, which reconnects by itself.
    store = await createRedisStore({ url: redisUrl });
  } else {
    store = createMemoryStore();
  }

  const server = await listen(
    createDemoBackend({
      issuer,
      store,
      secret,
      allowedOrigins,
      log,
      // The dev OP (oidc-provider 6.31.1) types its logout tokens `JWT`, not `logout+jwt`.
      acceptJwtTyp: process.env.ACCEPT_JWT_TYP !== '0',
      // ... and sends no `exp` (errata set 1 of Back-Channel Logout 1.0 requires one).
      requireExp: process.env.REQUIRE_EXP === '1',
    }),
    {
      port,
      host,
    },
  );
  log(
    `demo-backend ready http://${host.includes(':') ? `[${host}]` : host}:${server.port} issuer=${issuer} store=${redisUrl ? 'redis' : 'memory'}`,
  );

  let closing = false;
  /** @param {NodeJS.Signals} signal */
  const shutdown = (signal) => {
    if (closing) process.exit(0); // second signal: do not wait
    closing = true;
    log(`demo-backend stopping (${signal})`);
    Promise.allSettled([server.close(), store.close()]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Spawned with a stdin pipe (the e2e harness, the demo command): exit when the parent is gone.
  if (!process.stdin.isTTY && process.env.DEMO_BACKEND_EXIT_ON_STDIN_END === '1') {
    process.stdin.on('end', () => shutdown('SIGTERM'));
    process.stdin.resume();
  }
} catch (err) {
  fail(err);
}
