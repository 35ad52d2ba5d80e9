#!/usr/bin/env node
// `node src/cli.js` (or `pnpm --filter @oidc-session/dev-op start`): runs the dev OP until SIGINT
// or SIGTERM. Configured by env only (see README): OP_ORIGIN, OP_PORT, REACT_DEMO_ORIGIN,
// VUE_DEMO_ORIGIN, ANGULAR_DEMO_ORIGIN, BACKCHANNEL_ORIGIN.
// Exit codes: 0 after a signal, 1 when it cannot start (e.g. the port is taken).

import { defaultClients, DEFAULT_ORIGIN, startDevOp } from './index.js';

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/** @param {unknown} err */
function fail(err) {
  const e = /** @type {NodeJS.ErrnoException} */ (err);
  const detail =
    e?.code === 'EADDRINUSE' ? `port in use (${e.message})` : e?.message || String(err);
  process.stderr.write(`dev-op failed: ${detail.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

try {
  const op = await startDevOp({
    origin: process.env.OP_ORIGIN || DEFAULT_ORIGIN,
    port: process.env.OP_PORT ? Number(process.env.OP_PORT) : undefined,
    clients: defaultClients(process.env),
    log,
  });

  let closing = false;
  /** @param {NodeJS.Signals} signal */
  const shutdown = (signal) => {
    if (closing) process.exit(0); // second signal: do not wait
    closing = true;
    log(`dev-op stopping (${signal})`);
    op.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A parent that dies without a signal (e.g. an e2e harness killed hard) closes our stdin pipe
  // if it gave us one; do not linger as an orphan holding the port.
  if (!process.stdin.isTTY && process.env.DEV_OP_EXIT_ON_STDIN_END === '1') {
    process.stdin.on('end', () => shutdown('SIGTERM'));
    process.stdin.resume();
  }
} catch (err) {
  fail(err);
}
