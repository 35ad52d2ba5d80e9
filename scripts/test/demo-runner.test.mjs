// `npm run demo`'s process runner with stand-in processes: a service that prints its ready line,
// an app whose first compile is slow, an app that dies. Real processes and real HTTP, on free
// loopback ports.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { runDemo } from '../lib/demo-runner.mjs';

/** A free loopback port (the stand-in app listens on it later). */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Node running `code` (CommonJS) as a demo process. */
const node = (name, code, extra = {}) => ({
  name,
  command: process.execPath,
  args: ['-e', code],
  ...extra,
});

/**
 * An app that "compiles" for `ms`, then serves HTTP on `port` until it is stopped, or exits with
 * code 7 when asked for /exit.
 */
const slowApp = (name, port, ms) =>
  node(
    name,
    `setTimeout(() => require('node:http').createServer((q, s) => { s.end('ok'); if (q.url === '/exit') process.exit(7); }).listen(${port}, '127.0.0.1'), ${ms});`,
    { url: `http://127.0.0.1:${port}/` },
  );

const service = node(
  'Service',
  `console.log('service ready on nothing'); setInterval(() => {}, 1000);`,
  { ready: /^service ready / },
);

/** The runner's log lines, and a promise for the first line matching a pattern. */
function collect() {
  const lines = [];
  const waiters = new Set();
  const log = (line) => {
    lines.push(line);
    for (const w of waiters) w();
  };
  const when = (pattern) =>
    new Promise((resolve) => {
      const check = () => {
        if (!lines.some((l) => pattern.test(l))) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { lines, log, when };
}

test('a slow first compile is waited for with progress; the demo fails only when a process exits', async (t) => {
  const port = await freePort();
  const quick = await freePort();
  const { lines, log } = collect();
  let ready;
  const readyCalled = new Promise((resolve) => (ready = resolve));
  const demo = runDemo({
    services: [service],
    apps: [slowApp('Slow', port, 2500), slowApp('Quick', quick, 0)],
    progressEvery: 500,
    log,
    onReady: () => ready(lines.length),
  });
  t.after(() => demo.stop());
  const linesAtReady = await readyCalled;
  assert.ok(lines.slice(0, linesAtReady).some((l) => /^Slow: ready at /.test(l)));
  assert.ok(lines.slice(0, linesAtReady).some((l) => /^Quick: ready at /.test(l)));
  const progress = lines.filter((l) => /^Slow: compiling\.\.\. \(\d+ s, still running\)$/.test(l));
  assert.ok(progress.length >= 3, `progress lines: ${lines.join(' | ')}`);
  assert.ok(lines.indexOf('Service: starting...') < lines.indexOf('Slow: compiling...'));

  // Still running well after everything is up: nothing times out.
  const settled = await Promise.race([
    demo.done,
    new Promise((resolve) => setTimeout(() => resolve('running'), 1500)),
  ]);
  assert.equal(settled, 'running');

  // One app's process dies: the demo says so, stops the rest, and fails.
  const res = await fetch(`http://127.0.0.1:${port}/exit`);
  assert.equal(await res.text(), 'ok');
  assert.equal(await demo.done, 1);
  assert.ok(lines.includes('Slow: exited (code 7), so the demo stops. Its last lines:'));
  await assert.rejects(fetch(`http://127.0.0.1:${quick}/`), 'the other app was stopped');
});

test('an app that exits before it answers fails the demo at once, with its last lines', async (t) => {
  const { lines, log } = collect();
  const started = Date.now();
  const demo = runDemo({
    services: [],
    apps: [
      node('Broken', `console.error('error: cannot compile'); process.exit(3);`, {
        url: `http://127.0.0.1:${await freePort()}/`,
      }),
      slowApp('Never', await freePort(), 60000),
    ],
    progressEvery: 500,
    log,
  });
  t.after(() => demo.stop());
  assert.equal(await demo.done, 1);
  assert.ok(Date.now() - started < 10000, 'no waiting for a dead process');
  assert.ok(lines.includes('Broken: exited (code 3), so the demo stops. Its last lines:'));
  assert.ok(lines.includes('  [Broken] stderr: error: cannot compile'));
  assert.ok(!lines.some((l) => /^Never: ready/.test(l)));
});

test('stop() ends every process and resolves 0', async (t) => {
  const port = await freePort();
  const { log, when } = collect();
  const demo = runDemo({ services: [service], apps: [slowApp('App', port, 0)], log });
  t.after(() => demo.stop());
  await when(/^App: ready at /);
  await demo.stop();
  assert.equal(await demo.done, 0);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
});
