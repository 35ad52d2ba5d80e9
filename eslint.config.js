import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-e2e-*/**',
      '**/dist-*/**',
      '**/node_modules/**',
      '**/.angular/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Scripts, the e2e harness and the dev OP are plain Node.js ESM; page.evaluate callbacks run in the browser.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Importing core must touch no browser global at module scope (SSR); keep globals behind guards.
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Decorator',
          message: 'No decorators in published packages: plain tsup builds them.',
        },
      ],
    },
  },
);
