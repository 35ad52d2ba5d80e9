// The Playwright example of @oidc-session/testing's README (packages/testing/examples), run as
// is against the React demo: the dev OP started by the example itself, real Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { APPS, ROOT, buildApp, serveApp } from '../lib/apps.mjs';

const OP = 'http://localhost:4011';
const app = APPS.find((a) => a.name === 'react');
const EXAMPLE = `${ROOT}/packages/testing/examples/dev-op-playwright.test.mjs`;

describe('the dev OP Playwright example', { skip: !app && 'needs the React demo' }, () => {
  let server;
  before(async () => {
    buildApp(app, OP);
    server = await serveApp(app, OP);
  });
  after(() => server?.stop());

  test('passes against the React demo', { timeout: 120000 }, async () => {
    // A node:test child that inherits this runner's context would skip its files.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', EXAMPLE], {
      cwd: `${ROOT}/packages/testing`,
      env: {
        ...env,
        APP_ORIGIN: `http://localhost:${app.port}`,
        CLIENT_ID: app.clientId,
        CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, output);
    assert.match(output, /^# pass 1$/m, output);
    assert.match(output, /^# fail 0$/m, output);
  });
});
