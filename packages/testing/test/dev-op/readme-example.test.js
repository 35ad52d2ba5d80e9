// The README's Playwright example is the file e2e/tests/dev-op-example.test.mjs runs: keep them one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (/** @type {string} */ path) => readFileSync(new URL(path, import.meta.url), 'utf8');

test('the README shows the Playwright example that the e2e suite runs, verbatim', () => {
  const readme = read('../../README.md');
  const example = read('../../examples/dev-op-playwright.test.mjs');
  assert.ok(
    readme.includes('```js\n' + example + '```\n'),
    'README block differs from the example',
  );
});
