#!/usr/bin/env node
// `npm run demo`: installs what is needed, starts the dev OP, the demo backend (back-channel
// logout) and every sample app, prints each app's progress and then what to try. It runs until
// Ctrl-C, and fails (stopping the rest) only when one of its processes exits: a slow first
// compile on a busy machine is waited for, however long it takes.
import { existsSync } from 'node:fs';
import { ensurePnpm, installDependencies, ROOT, run, step } from './lib/toolchain.mjs';
import { runDemo } from './lib/demo-runner.mjs';

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

const demo = runDemo({
  services: [
    {
      name: 'dev-op',
      command: process.execPath,
      args: [`${ROOT}/apps/dev-op/src/cli.js`],
      env: { OP_ORIGIN },
      ready: /^dev-op ready /,
    },
    {
      name: 'demo-backend',
      command: process.execPath,
      args: [`${ROOT}/apps/demo-backend/src/cli.js`],
      env: { OP_ORIGIN, PORT: new URL(BACKEND_ORIGIN).port },
      ready: /^demo-backend ready /,
    },
  ],
  apps: APPS.map((app) => ({
    name: app.name,
    command: pnpm,
    args: ['--dir', app.dir, 'run', 'dev'],
    cwd: ROOT,
    env: { OP_ORIGIN, BACKEND_ORIGIN },
    url: `http://localhost:${app.port}/`,
  })),
  onReady: printHowTo,
});
process.exitCode = await demo.done;

function printHowTo() {
  const crossSite = !/^http:\/\/localhost[:/]/.test(`${OP_ORIGIN}/`);
  process.stdout.write(`
oidc-session demo is running (Ctrl-C stops everything)

  OpenID Provider  ${OP_ORIGIN}   (any login and password work)
  Demo backend     ${BACKEND_ORIGIN}   (back-channel logout -> server-sent events to the tabs)
${APPS.map((a) => `  ${a.name.padEnd(15)}  http://localhost:${a.port}`).join('\n')}
${crossSite ? '\n  The OP is on another site than the apps: expect `unsupported` (third-party cookies blocked);\n  a logout at the OP still reaches the apps through the demo backend (back-channel logout).\n' : ''}
Try it:
  1. Open an app and sign in; open it in a second tab too.
  2. Watch the timeline under the status: every check and its answer, which tab polls the OP
     and which follows it.
  3. In a third tab, open ${OP_ORIGIN}/session/end and confirm, or sign out from the app there.
  4. Within about two seconds both app tabs show "ended"; their timelines show the OP's
     \`changed\`, the silent re-check and its result, and the message between the tabs.

The OP logs each sign-in, end-session, front-channel and back-channel call below; the demo
backend logs each back-channel logout it accepts and each push to a tab.
`);
}
