// What a result depends on: the machine, the browser, the versions, the commit measured.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';

const sh = (cmd, args, options = {}) => {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      ...options,
    }).trim();
  } catch {
    return null;
  }
};

/**
 * Extract the packages' sources at `ref` (git archive) into `cacheDir/<commit>`; the page build
 * then aliases @oidc-session/* to them.
 */
export function sourcesAt(root, ref, cacheDir) {
  const commit = sh('git', ['-C', root, 'rev-parse', '--verify', `${ref}^{commit}`]);
  if (!commit) throw new Error(`--ref=${ref}: not a commit of this repository`);
  const dir = `${cacheDir}/${commit}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The packages' tree (sources, docs, API pages) is well over execFileSync's 1 MB default.
  const tar = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit, 'packages'], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  return { commit: commit.slice(0, 12), dir };
}

function versionOf(name) {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return '?';
  }
}

export function describeMachine(root, { quick, sources, durationMs, intervals }) {
  const cpu =
    readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ??
    cpus()[0]?.model;
  const head = sh('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD']);
  const dirty = !!sh('git', ['-C', root, 'status', '--porcelain', '--', 'packages']);
  return {
    date: new Date().toISOString(),
    nproc: Number(sh('nproc', [])) || cpus().length,
    cpu: cpu?.trim(),
    memoryGiB: Math.round(
      Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)?.[1]) / 1048576,
    ),
    chromium: sh(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']),
    node: process.version,
    quick,
    intervals,
    durationMs,
    measured: sources
      ? `packages at commit ${sources.commit}`
      : `work tree at ${head}${dirty ? ' with uncommitted changes under packages/' : ''}`,
    versions: Object.fromEntries(
      [
        '@oidc-session/core',
        'oidc-client-ts',
        'react-oidc-context',
        'react',
        '@angular/core',
        'zone.js',
        'playwright-core',
        'vite',
      ].map((n) => [n, versionOf(n)]),
    ),
  };
}
