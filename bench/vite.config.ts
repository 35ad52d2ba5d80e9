import react from '@vitejs/plugin-react';
import { readdirSync } from 'node:fs';
import { defaultClientConditions, defineConfig } from 'vite';

// Every bench page (pages/*.html) in one production build; the runner serves each subject on its
// own origin. The OP origin is baked in, like in the sample apps.
const OP_ORIGIN = (process.env.BENCH_OP_ORIGIN || 'http://localhost:4051').replace(/\/+$/, '');
// `BENCH_PAGES=zone`: the zone.js Angular pages, built apart with async/await lowered to
// generators, as the Angular CLI does for zone.js apps (zone.js cannot follow native `await`: a
// timer started after one would escape the zone and hide its change-detection cost).
const zone = process.env.BENCH_PAGES === 'zone';
// `BENCH_SOURCES=<dir>`: a snapshot of the packages' sources (`pnpm bench --ref=<commit>`) instead
// of the work tree's.
const sources = process.env.BENCH_SOURCES;
const alias = sources
  ? Object.fromEntries(
      ['core', 'react', 'angular', 'vue'].map((p) => [
        `@oidc-session/${p}`,
        `${sources}/packages/${p}/src/index.ts`,
      ]),
    )
  : {};
const pages = readdirSync(new URL('./pages', import.meta.url)).filter(
  (f) => f.endsWith('.html') && f.includes('angular') === zone,
);

export default defineConfig({
  plugins: zone ? [] : [react()],
  define: { __OP_ORIGIN__: JSON.stringify(OP_ORIGIN) },
  // The workspace packages' TypeScript sources, as in the sample apps: no package build needed.
  resolve: { alias, conditions: ['@oidc-session/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: !zone,
    target: zone ? 'es2016' : 'baseline-widely-available',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: pages.map((f) => `pages/${f}`) },
  },
});
