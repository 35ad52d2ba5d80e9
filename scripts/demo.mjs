#!/usr/bin/env node
// `npm run demo`: installs what is needed, starts the dev OP, the demo backend (back-channel
// logout) and every sample app, prints what to try, and stops everything on Ctrl-C.
import { existsSync } from 'node:fs';
import { ensurePnpm, installDependencies, ROOT, run, step } from './lib/toolchain.mjs';
import { startProcess, waitForHttp } from '../e2e/lib/processes.mjs';

const OP_ORIGIN = (process.env.OP_ORIGIN || 'http://localhost:4011').replace(/\/$/, '');
const BACKEND_ORIGIN = 'http://localhost:4012'; // where the dev OP sends back-channel logouts
const APPS = [
  { name: 'React', dir: 'apps/react-demo', port: 5173 },
  { name: 'Vue', dir: 'apps/vue-demo', port: 5174 },
  { name: 'Angular', dir: 'apps/angular-demo', port: 4200 },
].filter((app) => existsSync(`${ROOT}/${app.dir}/package.json`));

const pnpm = ensurePnpm();
installDependencies(pnpm);
// The demo backend runs @oidc-session/server from its build (turbo: cached when up to date).
step('build @oidc-session/server (for the demo backend)');
run(pnpm, [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@oidc-session/server',
  '--output-logs=errors-only',
]);

const procs = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping the demo...\n');
  await Promise.all(procs.map((p) => p.stop()));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const op = startProcess('dev-op', process.execPath, [`${ROOT}/apps/dev-op/src/cli.js`], {
    env: { OP_ORIGIN },
    echo: true,
  });
  procs.push(op);
  await op.waitForLine(/^dev-op ready /);
  const backend = startProcess(
    'demo-backend',
    process.execPath,
    [`${ROOT}/apps/demo-backend/src/cli.js`],
    { env: { OP_ORIGIN, PORT: new URL(BACKEND_ORIGIN).port }, echo: true },
  );
  procs.push(backend);
  await backend.waitForLine(/^demo-backend ready /);
  for (const app of APPS) {
    const proc = startProcess(app.name, pnpm, ['--dir', app.dir, 'run', 'dev'], {
      env: { OP_ORIGIN, BACKEND_ORIGIN },
    });
    procs.push(proc);
    await waitForHttp(`http://localhost:${app.port}/`);
  }
} catch (err) {
  process.stderr.write(`demo failed to start: ${err.message}\n`);
  await stopAll(1);
}

const crossSite = !/^http:\/\/localhost[:/]/.test(`${OP_ORIGIN}/`);
process.stdout.write(`
oidc-session demo is running (Ctrl-C stops everything)

  OpenID Provider  ${OP_ORIGIN}   (any login and password work)
  Demo backend     ${BACKEND_ORIGIN}   (back-channel logout -> server-sent events to the tabs)
${APPS.map((a) => `  ${a.name.padEnd(15)}  http://localhost:${a.port}`).join('\n')}
${crossSite ? '\n  The OP is on another site than the apps: expect `unsupported` (third-party cookies blocked);\n  a logout at the OP still reaches the apps through the demo backend (back-channel logout).\n' : ''}
Try it:
  1. Open an app and sign in.
  2. In a second tab, open ${OP_ORIGIN}/session/end and confirm, or sign out from the app there.
  3. Watch the first tab: within about two seconds it shows "ended" (you were signed out elsewhere).

The OP logs each sign-in, end-session, front-channel and back-channel call below; the demo
backend logs each back-channel logout it accepts and each push to a tab.
`);
