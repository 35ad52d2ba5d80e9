#!/usr/bin/env node
// Runs current-op.mjs as its own process (like the dev OP), until SIGTERM, SIGINT, or the end of
// stdin with CURRENT_OP_EXIT_ON_STDIN_END=1 (spawned by a harness: it dies with its parent).
// Env: OP_ORIGIN (default http://localhost:4031), BACKCHANNEL_ORIGIN (default
// http://localhost:4012), REACT_DEMO_ORIGIN (default http://localhost:5173): one client,
// `react-demo`, for the React demo at that origin.
import { DEFAULT_ORIGIN, startCurrentOp } from './current-op.mjs';

const log = (line) => process.stdout.write(`${line}\n`);
try {
  const op = await startCurrentOp({
    origin: process.env.OP_ORIGIN || DEFAULT_ORIGIN,
    clients: [
      { clientId: 'react-demo', origin: process.env.REACT_DEMO_ORIGIN || 'http://localhost:5173' },
    ],
    backchannelOrigin: process.env.BACKCHANNEL_ORIGIN || 'http://localhost:4012',
    log,
  });
  const stop = () => op.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (!process.stdin.isTTY && process.env.CURRENT_OP_EXIT_ON_STDIN_END === '1') {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
} catch (err) {
  process.stderr.write(`current-op failed: ${String(err?.message ?? err).replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}
