import { defineConfig } from 'vitest/config';

// One root config; each package brings its own project (environment, setup files).
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/demo-backend/vitest.config.ts',
      'apps/demo-shared/vitest.config.ts',
    ],
  },
});
