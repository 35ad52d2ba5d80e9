import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['react', '@oidc-session/core'],
  // esbuild keeps the entry's 'use client' directive at the top of each output (React Server
  // Components frameworks need it there); fail the build if a future version stops doing so.
  async onSuccess() {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const head = (await readFile(file, 'utf8')).split('\n', 3).join('\n');
      if (!/^("use strict";\n)?"use client";/.test(head)) {
        throw new Error(`${file} lost its 'use client' directive`);
      }
    }
  },
});
