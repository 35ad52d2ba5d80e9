// `pnpm bench --sizes`: the gzipped size of each library's whole public entry, bundled the same
// way for all (esbuild, minified, ESM, browser; frameworks and peer libraries external), ours
// from their built dist. Installs the peers at pinned versions into a temporary directory from
// the npm registry. Prints a table and writes docs/bench/sizes.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const write = !process.argv.includes('--no-write');
const log = (line) => process.stdout.write(`${line}\n`);

const FRAMEWORKS = ['react', 'react-dom', 'vue', '@angular/*', 'rxjs', 'rxjs/*', 'tslib'];

/** `claim`: the figure the benchmark issue quoted (gzipped kB), to be checked here. */
const PEERS = [
  { name: 'oidc-client-ts', version: '3.5.0', claim: 18.0, app: '{ UserManager }' },
  {
    name: 'react-oidc-context',
    version: '3.3.1',
    external: ['oidc-client-ts'],
    claim: 2.2,
    app: '{ AuthProvider, useAuth }',
    note: 'its own code (oidc-client-ts external, as it is a peer)',
  },
  { name: 'keycloak-js', version: '26.2.4', claim: 8.9, app: '{ default }' },
  {
    name: 'angular-oauth2-oidc',
    version: '22.0.2',
    claim: 14.6,
    app: '{ OAuthService, provideOAuthClient }',
  },
  {
    name: 'angular-auth-oidc-client',
    version: '22.0.1',
    claim: 29.0,
    app: '{ OidcSecurityService, provideAuth }',
  },
];

const OURS = [
  { name: '@oidc-session/core', dir: 'packages/core', external: ['oidc-client-ts'], budget: 4 },
  {
    name: '@oidc-session/react',
    dir: 'packages/react',
    external: ['@oidc-session/core', 'oidc-client-ts'],
    budget: 1,
    note: 'beyond core',
  },
  {
    name: '@oidc-session/vue',
    dir: 'packages/vue',
    external: ['@oidc-session/core', 'oidc-client-ts'],
    budget: 1,
    note: 'beyond core',
  },
  {
    name: '@oidc-session/angular',
    dir: 'packages/angular',
    external: ['@oidc-session/core', 'oidc-client-ts'],
    budget: 1,
    note: 'beyond core',
  },
  {
    name: '@oidc-session/server',
    dir: 'packages/server',
    external: ['jose'],
    note: 'Node.js side; jose external',
  },
];

/** How every bundle here is made (what an app's production build does, roughly). */
const BUNDLE = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
};

/**
 * Bundle and measure `entry`: all of it (a namespace re-export keeps every export, the default
 * one too), or only `names` (what an app imports; the rest is tree-shaken away).
 */
async function measure(entry, resolveDir, external, names) {
  const contents = names
    ? `export ${names} from ${JSON.stringify(entry)};`
    : `export * as lib from ${JSON.stringify(entry)};`;
  const result = await build({
    ...BUNDLE,
    stdin: { contents, resolveDir, loader: 'js' },
    external: [...FRAMEWORKS, ...external],
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kB = (bytes) => (bytes / 1000).toFixed(1);

log('building our packages (turbo build)...');
const turbo = spawnSync(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    ...OURS.map((p) => `--filter=${p.name}`),
    '--output-logs=errors-only',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (turbo.status !== 0) process.exit(turbo.status ?? 1);

const tmp = mkdtempSync(join(tmpdir(), 'oidc-session-sizes-'));
const rows = [];
try {
  log(`installing ${PEERS.map((p) => `${p.name}@${p.version}`).join(', ')} (npm)...`);
  writeFileSync(
    join(tmp, 'package.json'),
    JSON.stringify({
      private: true,
      dependencies: Object.fromEntries(PEERS.map((p) => [p.name, p.version])),
    }),
  );
  // Peers (Angular 22, React) are not installed: they stay external to every bundle.
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--legacy-peer-deps',
      '--loglevel=error',
    ],
    { cwd: tmp, stdio: 'inherit' },
  );
  if (npm.status !== 0) process.exit(npm.status ?? 1);

  for (const peer of PEERS) {
    const installed = JSON.parse(
      readFileSync(join(tmp, 'node_modules', peer.name, 'package.json'), 'utf8'),
    );
    const size = await measure(peer.name, tmp, peer.external ?? []);
    const app = await measure(peer.name, tmp, peer.external ?? [], peer.app);
    rows.push({ ...peer, version: installed.version, ...size, appGzip: app.gzip, ours: false });
  }
  for (const pkg of OURS) {
    const manifest = JSON.parse(readFileSync(join(ROOT, pkg.dir, 'package.json'), 'utf8'));
    const size = await measure(`./${manifest.module}`, join(ROOT, pkg.dir), pkg.external);
    // The named imports of the package's own size-limit budget.
    const names = manifest['size-limit']?.[0]?.import;
    const app = await measure(`./${manifest.module}`, join(ROOT, pkg.dir), pkg.external, names);
    rows.push({
      ...pkg,
      app: names,
      version: manifest.version,
      ...size,
      appGzip: app.gzip,
      ours: true,
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Where core's bytes go: `createOidcSession` bundled from core's sources with a metafile, so each
 * source module's share of the minified output shows (gzip works on the whole, so only the
 * minified bytes can be split by module).
 */
async function coreByModule() {
  const dir = join(ROOT, 'packages/core');
  const result = await build({
    ...BUNDLE,
    stdin: { contents: `export { createOidcSession } from './src/index.ts';`, resolveDir: dir },
    external: ['oidc-client-ts'],
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => ({
      file: file.replace(/^.*packages\/core\/src\//, ''),
      min: bytesInOutput,
    }))
    .filter((m) => m.min > 0)
    .sort((a, b) => b.min - a.min);
}
const modules = await coreByModule();
const coreMin = modules.reduce((sum, m) => sum + m.min, 0);

const esbuildVersion = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../node_modules/esbuild/package.json', import.meta.url)),
    'utf8',
  ),
).version;
const table = [
  '| package | version | whole entry, minified | whole entry, gzipped | issue #9 said | what an app imports | its gzipped size | note |',
  '| --- | --- | ---: | ---: | ---: | --- | ---: | --- |',
  ...rows.map((r) =>
    [
      '',
      r.ours ? `**${r.name}**` : r.name,
      r.version,
      `${kB(r.min)} kB`,
      `${kB(r.gzip)} kB`,
      r.claim ? `${r.claim.toFixed(1)} kB` : r.budget ? `budget ≤ ${r.budget} kB` : '',
      r.app ? `\`${r.app}\`` : '',
      `${kB(r.appGzip)} kB`,
      r.note ?? '',
      '',
    ]
      .join(' | ')
      .trim(),
  ),
].join('\n');

const md = `# Bundle sizes

Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm bench --sizes\` (bench/src/sizes.mjs).

"Whole entry" is \`export * as lib from '<package>'\` (every export, nothing tree-shaken away);
"what an app imports" is \`export { ... } from '<package>'\` with the names shown. Each is bundled by esbuild ${esbuildVersion} (minify, ESM, browser, es2020) and gzipped (level 9). External, so
not counted: ${FRAMEWORKS.map((f) => `\`${f}\``).join(', ')}, and what the note says. Peers come from
the npm registry at the versions shown; ours from their \`dist/index.js\` (\`pnpm build\`). The
size-limit budgets in each package's \`package.json\` (run by \`npm test\`) use the same named
imports as the "what an app imports" column of our rows (size-limit bundles with its own esbuild
settings, so its figures differ by a few per cent).

${table}

## Where core's bytes go

\`{ createOidcSession }\` bundled from core's sources (esbuild metafile): each module's share of
the minified bundle (${kB(coreMin)} kB). Gzip works on the whole bundle, so it cannot be split
the same way.

| module (packages/core/src) | minified | share |
| --- | ---: | ---: |
${modules.map((m) => `| ${m.file} | ${m.min} B | ${Math.round((100 * m.min) / coreMin)} % |`).join('\n')}
`;
log(`\n${md}`);
if (write) {
  mkdirSync(join(ROOT, 'docs/bench'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/bench/sizes.md'), md);
  log('wrote docs/bench/sizes.md');
}
