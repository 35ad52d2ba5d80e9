import { defineProject } from 'vitest/config';

// Plain JIT TestBed, no Angular builder or Vite plugin: the package has no decorators, and the
// few test components are compiled at runtime by @angular/compiler. zone.js is loaded only by the
// test files that need it (each file runs in its own isolated module graph).
export default defineProject({
  test: {
    name: 'angular',
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
  },
  resolve: { conditions: ['@oidc-session/source'] },
  // Test files that run in the node environment (server rendering) resolve like SSR code.
  ssr: { resolve: { conditions: ['@oidc-session/source'] } },
});
