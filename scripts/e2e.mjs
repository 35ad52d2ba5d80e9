#!/usr/bin/env node
// `npm run e2e [files...]`: the browser end-to-end suite (e2e/tests) in Debian Chromium against the
// dev OP, installing Chromium first when it is missing. With file arguments, only those run:
//   npm run e2e -- e2e/tests/same-site.test.mjs
// E2E_APPS=react,vue limits the sample apps the scenarios run against.
import { ensureChromium, run, step } from './lib/toolchain.mjs';

ensureChromium();
const files = process.argv.slice(2);
step(`browser end-to-end tests (${files.length ? files.join(' ') : 'e2e/tests'})`);
run(process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  ...(files.length ? files : ['e2e/tests/']),
]);
