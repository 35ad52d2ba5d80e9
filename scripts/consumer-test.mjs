#!/usr/bin/env node
// The consumer test: the packages as users get them. Packs every publishable package
// (`pnpm pack`), copies each app of examples/ to a directory outside the workspace, installs the
// tarballs there with npm, type-checks strictly and builds it; then serves each app's production
// build on $PORT and checks what it serves (`idle` rendered on the server for Next.js, Nuxt and
// Angular SSR), and each browser app signs in and sees `ended` after a logout at the dev OP in
// Chromium. The Node backend example runs its own checks from its CommonJS and ESM builds.
//
//   node scripts/consumer-test.mjs [--prepare | --serve] [app ...]
//
// --prepare (pack, install, type-check, build) needs the npm registry; --serve (ports, browser)
// needs neither and can run in its own network namespace. Without a flag: both, in order.
// CONSUMER_DIR sets where the apps go (default: <tmpdir>/oidc-session-consumers).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSUMER_APPS } from './lib/consumer-apps.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = process.env.CONSUMER_DIR || join(tmpdir(), 'oidc-session-consumers');
const TARBALLS = join(WORK, 'tarballs');
// What never travels with an example: installs and build output of a local run.
const SKIP = new Set(['node_modules', '.next', '.nuxt', '.output', 'dist', '.angular']);

const args = process.argv.slice(2);
const phases = args.includes('--prepare')
  ? ['prepare']
  : args.includes('--serve')
    ? ['serve']
    : ['prepare', 'serve'];
const only = args.filter((a) => !a.startsWith('--'));
const apps = CONSUMER_APPS.filter((app) => only.length === 0 || only.includes(app.name));
if (apps.length === 0) {
  console.error(
    `no such example: ${only.join(', ')} (have: ${CONSUMER_APPS.map((a) => a.name).join(', ')})`,
  );
  process.exit(2);
}

/** Run a command; on failure print its output and exit. Returns the elapsed ms. */
function sh(cmd, cmdArgs, { cwd, env } = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, cmdArgs, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}\n`);
    throw new Error(
      `${cmd} ${cmdArgs.join(' ')} failed in ${cwd} (exit ${result.status ?? result.signal})`,
    );
  }
  return Date.now() - started;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** `pnpm pack` every publishable package; returns { name: absolute tarball path }. */
function packAll() {
  rmSync(TARBALLS, { recursive: true, force: true });
  mkdirSync(TARBALLS, { recursive: true });
  const tarballs = {};
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    const pkgDir = join(ROOT, 'packages', dir);
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.private) continue;
    sh('pnpm', ['pack', '--pack-destination', TARBALLS], { cwd: pkgDir });
    const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
    if (!existsSync(join(TARBALLS, file))) throw new Error(`pnpm pack wrote no ${file}`);
    tarballs[pkg.name] = join(TARBALLS, file);
  }
  return tarballs;
}

/** Copy the example out of the workspace and point its @oidc-session deps at the tarballs. */
function copyExample(app, tarballs) {
  const dest = join(WORK, 'apps', app.name);
  rmSync(dest, { recursive: true, force: true });
  cpSync(join(ROOT, 'examples', app.name), dest, {
    recursive: true,
    filter: (src) => !SKIP.has(basename(src)),
  });
  const manifest = join(dest, 'package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (!name.startsWith('@oidc-session/')) continue;
      if (!tarballs[name]) throw new Error(`${app.name} depends on ${name}, which is not packed`);
      pkg[field][name] = `file:${tarballs[name]}`;
    }
  }
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  return dest;
}

function prepare() {
  // The tarballs hold dist/: build it first (turbo: cached when `npm test` just did).
  sh(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      env: { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    },
  );
  const tarballs = packAll();
  console.log(`packed ${Object.keys(tarballs).join(', ')} into ${TARBALLS}`);
  for (const app of apps) {
    const dir = copyExample(app, tarballs);
    // One npm cache for all apps (npm's default), so each install after the first is mostly offline.
    const install = sh(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: dir },
    );
    const typecheck = app.buildTypechecks
      ? 'in the build'
      : seconds(sh('npm', ['run', 'typecheck', '--silent'], { cwd: dir }));
    const build = sh('npm', ['run', 'build', '--silent'], { cwd: dir });
    console.log(
      `ok ${app.name}: npm install ${seconds(install)}, typecheck ${typecheck}, build ${seconds(build)} (${dir})`,
    );
  }
}

async function serve() {
  const { serveAndCheck } = await import('./lib/consumer-serve.mjs');
  for (const app of apps) {
    const dir = join(WORK, 'apps', app.name);
    if (!existsSync(join(dir, 'node_modules'))) {
      throw new Error(`${app.name} is not prepared: run with --prepare first (${dir})`);
    }
    await serveAndCheck(app, dir);
  }
}

const started = Date.now();
try {
  if (phases.includes('prepare')) prepare();
  if (phases.includes('serve')) await serve();
} catch (err) {
  console.error(`consumer test failed: ${err.message}`);
  process.exit(1);
}
console.log(`consumer test passed in ${seconds(Date.now() - started)}`);
process.exit(0);
