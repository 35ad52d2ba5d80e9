// A logout at the OP reaches your app: the dev OP and Playwright in your own e2e test.
// Run: node --test (APP_ORIGIN and CLIENT_ID name your app and the client it signs in as).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDevOp } from '@oidc-session/testing/dev-op';
import { chromium } from 'playwright-core';

// Your app, built against the OP below (authority http://localhost:4011) and served here.
const APP = process.env.APP_ORIGIN ?? 'http://localhost:5173';
const CLIENT_ID = process.env.CLIENT_ID ?? 'my-spa';

test('a logout at the OP shows as ended in the app', async () => {
  const op = await startDevOp({
    origin: 'http://localhost:4011',
    clients: [{ clientId: CLIENT_ID, origin: APP }],
    profile: 'default', // or e.g. 'require-nonce', 'no-check-session'
    log: () => {},
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH });
  try {
    const context = await browser.newContext(); // one cookie jar for both tabs
    const page = await context.newPage();
    await page.goto(APP);
    await page.getByTestId('sign-in').click(); // your app's sign-in button
    // The dev OP's pages: any login and password, then consent.
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    const status = page.getByTestId('session-status'); // shows snapshot.status
    await status.filter({ hasText: /^active$/ }).waitFor();

    // Log out at the OP in another tab, as a user would.
    const opTab = await context.newPage();
    await opTab.goto(`${op.issuer}/session/end`);
    await opTab.getByRole('button', { name: 'Yes, sign me out' }).click();

    await status.filter({ hasText: /^ended$/ }).waitFor();
    assert.equal(await status.textContent(), 'ended');
  } finally {
    await browser.close();
    await op.close();
  }
});
