import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineProject({
  test: {
    name: 'server',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The Redis suite starts and restarts a real redis-server; give it room on a busy CI box.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
  resolve: {
    conditions: ['@oidc-session/source'],
    // The examples import the package by its published name (a self-reference Vite does not follow).
    alias: [
      { find: /^@oidc-session\/server\/redis$/, replacement: src('redis.ts') },
      { find: /^@oidc-session\/server$/, replacement: src('index.ts') },
    ],
  },
});
