// Builds the bench pages (two Vite builds into bench/dist: the zone.js Angular pages apart).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('..', import.meta.url));

/** `sourcesDir`: build against a snapshot of the packages' sources (see lib/machine.mjs). */
export function buildPages(sourcesDir) {
  const vite = `${BENCH}node_modules/vite/bin/vite.js`;
  for (const pages of ['', 'zone']) {
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: BENCH,
      env: {
        ...process.env,
        BENCH_PAGES: pages,
        ...(sourcesDir ? { BENCH_SOURCES: sourcesDir } : {}),
      },
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`building the bench pages failed:\n${result.stdout}\n${result.stderr}`);
    }
  }
}
