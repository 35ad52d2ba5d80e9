// The sample apps the suite runs, and how to build and serve each one against a given OP origin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, waitForHttp } from './processes.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One entry per sample app; the e2e scenarios are parametrised over this list. */
export const APPS = [
  { name: 'react', clientId: 'react-demo', dir: 'apps/react-demo', port: 5173, kind: 'vite' },
  { name: 'vue', clientId: 'vue-demo', dir: 'apps/vue-demo', port: 5174, kind: 'vite' },
  {
    name: 'angular',
    clientId: 'angular-demo',
    dir: 'apps/angular-demo',
    port: 4200,
    kind: 'angular',
  },
]
  .filter((app) => !process.env.E2E_APPS || process.env.E2E_APPS.split(',').includes(app.name))
  .filter((app) => existsSync(`${ROOT}/${app.dir}/package.json`));

function viteBin(app) {
  return `${ROOT}/${app.dir}/node_modules/vite/bin/vite.js`;
}

/** One build per OP origin (host and port: suites on other OP ports must not share builds). */
function outDir(opOrigin) {
  return `dist-e2e-${new URL(opOrigin).host.replace(/[^a-z0-9]/gi, '-')}`;
}

/** Production build of `app` for `opOrigin` (the OP origin is baked in at build time). */
export function buildApp(app, opOrigin) {
  if (app.kind === 'angular') {
    const ng = spawnSync('pnpm', ['--dir', app.dir, 'run', 'build'], {
      cwd: ROOT,
      env: {
        ...process.env,
        OP_ORIGIN: opOrigin,
        NG_OUT_DIR: outDir(opOrigin),
        NG_CLI_ANALYTICS: 'false',
      },
      encoding: 'utf8',
    });
    if (ng.status !== 0)
      throw new Error(`building ${app.name} failed:\n${ng.stdout}\n${ng.stderr}`);
    return;
  }
  const result = spawnSync(
    process.execPath,
    [viteBin(app), 'build', '--outDir', outDir(opOrigin), '--logLevel', 'warn'],
    {
      cwd: `${ROOT}/${app.dir}`,
      env: { ...process.env, OP_ORIGIN: opOrigin },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`building ${app.name} failed:\n${result.stdout}\n${result.stderr}`);
}

/** Serve the built app on its registered port; resolves when it answers. */
export async function serveApp(app, opOrigin) {
  const proc =
    app.kind === 'angular'
      ? startProcess(`${app.name}-app`, 'pnpm', ['--dir', app.dir, 'run', 'serve:dist'], {
          cwd: ROOT,
          env: { NG_OUT_DIR: outDir(opOrigin) },
        })
      : startProcess(
          `${app.name}-app`,
          process.execPath,
          [
            viteBin(app),
            'preview',
            '--outDir',
            outDir(opOrigin),
            '--port',
            String(app.port),
            '--strictPort',
            '--host',
            'localhost',
          ],
          { cwd: `${ROOT}/${app.dir}`, env: { OP_ORIGIN: opOrigin } },
        );
  try {
    await waitForHttp(`http://localhost:${app.port}/`);
  } catch (err) {
    await proc.stop();
    throw new Error(`${err.message}\n${proc.lines.slice(-10).join('\n')}`);
  }
  return proc;
}

/**
 * Start the dev OP on `opOrigin`; its stdout lines are kept for counting. `env` overrides its
 * settings, e.g. `REACT_DEMO_ORIGIN` for an app served on another port. `profile` picks one of its
 * profiles (packages/testing/src/dev-op/README.md, "Profiles"); `clients` replaces the demo clients with these
 * registrations (`{ clientId, origin, metadata? }`, e.g. a `frontchannel_logout_uri` with a query).
 */
export async function startOp(opOrigin, { echo = false, env = {}, profile, clients } = {}) {
  const args = [];
  if (profile) args.push('--profile', profile);
  let dir;
  if (clients) {
    dir = mkdtempSync(join(tmpdir(), 'oidc-session-dev-op-'));
    writeFileSync(join(dir, 'clients.json'), JSON.stringify(clients));
    args.push('--clients', join(dir, 'clients.json'));
  }
  const op = startProcess('dev-op', process.execPath, [`${ROOT}/apps/dev-op/src/cli.js`, ...args], {
    env: { OP_ORIGIN: opOrigin, DEV_OP_EXIT_ON_STDIN_END: '1', ...env },
    echo,
  });
  const stop = op.stop;
  op.stop = async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await op.waitForLine(/^dev-op ready /);
  } catch (err) {
    await op.stop();
    throw err;
  }
  return op;
}

/**
 * Start the second OP (e2e/lib/current-op.mjs: the current oidc-provider major, no
 * check_session_iframe) on `opOrigin`, with one client, `react-demo`. Its stdout lines are kept.
 */
export async function startCurrentOp(opOrigin, { echo = false, env = {} } = {}) {
  const op = startProcess(
    'current-op',
    process.execPath,
    [fileURLToPath(new URL('./current-op-cli.mjs', import.meta.url))],
    { env: { OP_ORIGIN: opOrigin, CURRENT_OP_EXIT_ON_STDIN_END: '1', ...env }, echo },
  );
  await op.waitForLine(/^current-op ready /);
  return op;
}

/** The demo backend runs @oidc-session/server from its build: (re)build it, turbo-cached. */
export function buildServerPackage() {
  const result = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@oidc-session/server', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`building @oidc-session/server failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Start the demo backend (apps/demo-backend) for an OP on `opOrigin`, on port 4012 (where the dev
 * OP sends back-channel logouts); its stdout lines are kept for counting and timing.
 */
export async function startBackend(opOrigin, { echo = false, env = {} } = {}) {
  const backend = startProcess(
    'demo-backend',
    process.execPath,
    [`${ROOT}/apps/demo-backend/src/cli.js`],
    {
      env: { OP_ORIGIN: opOrigin, PORT: '4012', DEMO_BACKEND_EXIT_ON_STDIN_END: '1', ...env },
      echo,
    },
  );
  await backend.waitForLine(/^demo-backend ready /);
  return backend;
}
