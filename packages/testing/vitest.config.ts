import { defineProject } from 'vitest/config';

// `node`, not jsdom: the main entry must work in any test runner without a DOM.
export default defineProject({
  test: {
    name: 'testing',
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
  },
  resolve: { conditions: ['@oidc-session/source'] },
});
