import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'vue',
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
  },
  resolve: { conditions: ['@oidc-session/source'] },
});
