// Single sign-on across the sample apps on one OP: one sign-in, one sign-out, every app follows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import { launchBrowser, signIn, waitForStatus } from '../lib/browser.mjs';

const OP = 'http://localhost:4011';
const INTERVAL = 2000;

describe('single sign-on across apps', { skip: APPS.length < 2 && 'needs two sample apps' }, () => {
  let op;
  const servers = [];
  let browser;

  before(async () => {
    op = await startOp(OP);
    for (const app of APPS) {
      buildApp(app, OP);
      servers.push(await serveApp(app, OP));
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    await op?.stop();
  });

  test(`sign in once, sign out from ${APPS[0]?.name}: the others show ended within interval + 1 s`, async () => {
    const pages = [];
    for (const [i, app] of APPS.entries()) {
      const page = await browser.context.newPage();
      const logins = op.count(/^sign-in /);
      await signIn(page, `http://localhost:${app.port}`);
      if (i > 0)
        assert.equal(op.count(/^sign-in /), logins, `${app.name}: no password asked again`);
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      pages.push(page);
    }
    const [first, ...others] = pages;
    await first.getByTestId('sign-out').click();
    await first.waitForURL((u) => u.origin === OP);
    const started = Date.now();
    await first.locator('button[name="logout"][value="yes"]').click();
    for (const [i, page] of others.entries()) {
      await waitForStatus(page, 'ended', INTERVAL + 1000 + 2000);
      const elapsed = Date.now() - started;
      console.log(
        `# ${APPS[i + 1].name}: ended ${elapsed} ms after the sign-out in ${APPS[0].name}`,
      );
      assert.ok(elapsed <= INTERVAL + 1000, `${APPS[i + 1].name} ended after ${elapsed} ms`);
    }
    await waitForStatus(first, 'signed-out');
  });
});
