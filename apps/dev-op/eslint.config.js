// Lint config for this package: the workspace's rules plus the globals of plain Node.js ESM
// (the root config is written for TypeScript packages, where no-undef is off).
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
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: node } },
  {
    // Functions passed to page.evaluate() run in the browser.
    files: ['test/browser-smoke.mjs'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly' },
    },
  },
];
