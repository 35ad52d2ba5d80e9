import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'vue',
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
  },
  resolve: { conditions: ['@oidc-session/source'] },
  // Test files that run in the node environment (server rendering) resolve like SSR code.
  ssr: { resolve: { conditions: ['@oidc-session/source'] } },
});
