#!/usr/bin/env node
// `npm test`: every check there is, in the order that fails fastest. Works on a fresh clone with
// only Node.js 20 and npm: it installs pnpm, the dependencies and Chromium itself.
import { checkApiDocsCommitted } from './lib/api-docs.mjs';
import {
  ensureChromium,
  ensurePnpm,
  ensureRedis,
  installDependencies,
  run,
  step,
} from './lib/toolchain.mjs';

process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.TURBO_NO_UPDATE_NOTIFIER = '1';
process.env.DO_NOT_TRACK = '1';

const pnpm = ensurePnpm();
installDependencies(pnpm);

step('format (prettier --check)');
run(pnpm, ['exec', 'prettier', '--check', '.', '--log-level', 'warn']);

step(
  'build, lint, typecheck, API docs (TypeDoc: every export documented), packaging (publint + attw), size budgets',
);
run(pnpm, [
  'exec',
  'turbo',
  'run',
  'build',
  'lint',
  'typecheck',
  'docs',
  'check:package',
  'size',
  '--output-logs=errors-only',
]);

step('the committed API docs match the doc comments (packages/*/docs/api)');
checkApiDocsCommitted();

step('lint the root scripts');
run(pnpm, ['exec', 'eslint', 'scripts', 'eslint.config.js', 'vitest.config.ts']);

step('root scripts (node:test): the demo runner');
run(process.execPath, ['--test', '--test-reporter=spec', 'scripts/test/']);

ensureRedis();
step('unit and integration tests (vitest, every package)');
run(pnpm, ['exec', 'vitest', 'run']);

step('dev OP tests (node:test)');
run(pnpm, ['--filter', '@oidc-session/testing', 'test:dev-op']);

ensureChromium();
step('browser end-to-end tests (real Chromium, real OP)');
run(pnpm, ['--filter', '@oidc-session/e2e', 'test']);

step('consumer test: packed tarballs installed with npm in the examples, built, served, signed in');
run(process.execPath, ['scripts/consumer-test.mjs']);

step('all checks passed');
