import { defineConfig } from 'tsup';

// ESM only: every Angular toolchain that can run this (Angular 19+) bundles ESM.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['@angular/core', 'rxjs', '@oidc-session/core'],
});
