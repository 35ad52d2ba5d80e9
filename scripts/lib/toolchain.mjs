// What the README commands need before they can run: pnpm (through npm; corepack is unreliable),
// the workspace's dependencies, and, for browser tests, Debian's Chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PNPM_VERSION = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')).packageManager.split(
  '@',
)[1];

/** Print a step header that is easy to find in a long log. */
export function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

/** Run a command in the repo root, inheriting stdio; exit with its code if it fails. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    process.stderr.write(
      `\nFAILED: ${cmd} ${args.join(' ')} (exit ${result.status ?? result.signal})\n`,
    );
    process.exit(result.status || 1);
  }
}

function works(cmd, args) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** The pnpm command to use: a global pnpm of the pinned major, else install it through npm. */
export function ensurePnpm() {
  const version = works('pnpm', ['--version']);
  if (version && version.split('.')[0] === PNPM_VERSION.split('.')[0]) return 'pnpm';
  step(`installing pnpm@${PNPM_VERSION} through npm`);
  const global = spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' });
  if (global.status === 0 && works('pnpm', ['--version'])) return 'pnpm';
  // No permission for a global install: a local copy under node_modules/.bin works as well.
  run('npm', [
    'install',
    '--no-save',
    '--no-package-lock',
    `pnpm@${PNPM_VERSION}`,
    '--prefix',
    `${ROOT}/.tools`,
  ]);
  return `${ROOT}/.tools/node_modules/.bin/pnpm`;
}

/** Install the workspace (frozen lockfile, so CI and a fresh clone get exactly what we tested). */
export function installDependencies(pnpm) {
  step('pnpm install');
  run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline']);
}

let aptUpdated = false;

/** Install Debian packages with apt-get (root only); exits with a clear message otherwise. */
function aptInstall(what, packages) {
  step(`installing ${what} (apt-get)`);
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      `${what} is missing: run "apt-get install -y ${packages.join(' ')}" as root.\n`,
    );
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) run('apt-get', ['update', '-qq'], { env });
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-qq', ...packages], { env });
}

/** Debian's Chromium, for the browser tests. */
export function ensureChromium() {
  if (!existsSync(CHROMIUM)) aptInstall('Chromium', ['chromium']);
}

/** A real redis-server, for the back-channel store's integration tests. */
export function ensureRedis() {
  if (!works('redis-server', ['--version'])) aptInstall('redis-server', ['redis-server']);
}
