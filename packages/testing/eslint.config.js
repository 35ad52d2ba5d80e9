// Lint config for this package: the workspace's rules, plus the globals of plain Node.js ESM for
// the dev OP (JavaScript run by Node as it is; the root config is written for TypeScript, where
// no-undef is off).
import root from '../../eslint.config.js';

const node = Object.fromEntries(
  [
    'Buffer',
    'console',
    'fetch',
    'Headers',
    'process',
    'Response',
    'setTimeout',
    'clearTimeout',
    'URL',
    'URLSearchParams',
  ].map((name) => [name, 'readonly']),
);

export default [
  ...root,
  {
    files: ['src/dev-op/**/*.js', 'test/dev-op/**/*.{js,mjs}', 'examples/**/*.mjs'],
    languageOptions: { globals: node },
  },
  {
    // Functions passed to page.evaluate() run in the browser.
    files: ['test/dev-op/browser-smoke.mjs'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly' },
    },
  },
];
