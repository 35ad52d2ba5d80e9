import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const server = (file: string) =>
  fileURLToPath(new URL(`../../packages/server/src/${file}`, import.meta.url));

export default defineProject({
  test: {
    name: 'demo-backend',
    environment: 'node',
    include: ['test/**/*.test.js'],
    // The Redis test starts a real redis-server.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
  // @oidc-session/server from its TypeScript sources (src/index.js imports it too): no build
  // needed to test the backend, and never a stale dist.
  resolve: {
    alias: [
      { find: /^@oidc-session\/server\/redis$/, replacement: server('redis.ts') },
      { find: /^@oidc-session\/server$/, replacement: server('index.ts') },
    ],
  },
});
