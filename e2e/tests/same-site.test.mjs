// Same-site: apps on localhost, OP on localhost:4011. Real Chromium, real OP (oidc-provider 6.31.1).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import {
  endSessionAtOp,
  launchBrowser,
  recordStatuses,
  signIn,
  stats,
  statusLog,
  statusOf,
  waitForStatus,
} from '../lib/browser.mjs';

const OP = 'http://localhost:4011';
const INTERVAL = 2000;
const PROMPT_NONE = /^authorize client=\S+ prompt=none$/;

for (const app of APPS) {
  const origin = `http://localhost:${app.port}`;

  describe(`${app.name} app, same-site OP`, { timeout: 240000 }, () => {
    let op;
    let server;
    let browser;

    before(async () => {
      buildApp(app, OP);
      op = await startOp(OP);
      server = await serveApp(app, OP);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await op?.stop();
    });

    test('sign in -> active, and the OP iframe really answers unchanged', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, origin);
      assert.equal(await statusOf(page), 'active');
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      // The app's sign-in request carried a fresh nonce (some OPs refuse one without).
      const nonces = op.lines.filter((l) =>
        l.startsWith(`authorize-nonce client=${app.clientId} `),
      );
      assert.ok(nonces.length >= 1);
      for (const line of nonces) assert.match(line, / nonce=[0-9a-f]{32}$/);
      // Count genuine answers: stats only count replies that passed the origin + window checks.
      await page.waitForFunction(() => window.__oidcSession.getStats().unchanged >= 2, null, {
        timeout: INTERVAL * 3,
      });
      const s = await stats(page);
      assert.ok(s.unchanged >= 2, `unchanged answers: ${s.unchanged}`);
      assert.equal(s.changed + s.error, 0);
      assert.equal(await page.locator('iframe[src$="/session/check"]').count(), 1);
      // One tab: it is the leader, and the demo says so.
      assert.equal(
        await page.getByTestId('session-role').textContent(),
        'polls the OP for every tab',
      );
      await browser.close();
      browser = undefined;
    });

    test('the session ended at the OP in another tab -> the poll sees it: ended within interval + 1 s', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      // Only the poll may detect it here: the OP's front-channel call to the app is blocked.
      await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
      await signIn(page, origin);
      // Start the logout at a random phase of the poll cycle, so the figure is not locked to one point.
      await page.waitForFunction(
        (delay) => new Promise((r) => setTimeout(() => r(true), delay)),
        Math.floor(Math.random() * INTERVAL),
      );
      const { tab, started } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(page, 'ended', INTERVAL + 1000 + 2000);
      const elapsed = Date.now() - started;
      console.log(
        `# ${app.name}: OP logout in another tab detected after ${elapsed} ms (interval ${INTERVAL} ms)`,
      );
      assert.ok(elapsed <= INTERVAL + 1000, `ended after ${elapsed} ms`);
      // `changed`, then the silent prompt=none re-check answered login_required.
      assert.equal(await page.getByTestId('session-reason').textContent(), 'op-logout');
      assert.equal(op.count(PROMPT_NONE), 1, 'exactly one silent re-check');
      assert.equal(await page.getByTestId('session-user').textContent(), '');
      assert.equal(op.count(/^end-session /) >= 1, true);
      // Close the OP tab only once its logout has finished navigating: closing it mid-navigation
      // can hang the browser connection.
      await tab
        .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
        .catch(() => {});
      await tab.close();
      await browser.close();
      browser = undefined;
    });

    test('front-channel logout: the OP calls the app in an iframe -> ended (frontchannel-logout), with no poll', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      // A one-minute interval: whatever ends this session, it is not the poll.
      await signIn(page, origin, { query: '?interval=60000' });
      await page.waitForFunction(() => window.__oidcSession.getStats().unchanged === 1);
      const { tab, started } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(page, 'ended', 5000);
      const elapsed = Date.now() - started;
      console.log(`# ${app.name}: front-channel logout reached the app tab after ${elapsed} ms`);
      assert.equal(await page.getByTestId('session-reason').textContent(), 'frontchannel-logout');
      // Far below the one-minute interval: the front-channel call, not a scheduled poll.
      assert.ok(elapsed < 2000, `ended after ${elapsed} ms`);
      assert.ok(op.count(new RegExp(`^frontchannel client=${app.clientId} `)) >= 1);
      // Close the OP tab only once its logout has finished navigating: closing it mid-navigation
      // can hang the browser connection.
      await tab
        .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
        .catch(() => {});
      await tab.close();
      await browser.close();
      browser = undefined;
    });

    test('sign out from the app -> OP end-session -> back with state checked -> signed-out', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, origin);
      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
      const endSession = new URL(page.url());
      assert.equal(endSession.searchParams.get('client_id'), app.clientId);
      assert.ok(endSession.searchParams.get('id_token_hint'));
      assert.match(endSession.searchParams.get('state') ?? '', /^[0-9a-f]{32}$/);
      await page.locator('button[name="logout"][value="yes"]').click();
      await page.waitForURL((u) => u.origin === origin);
      await waitForStatus(page, 'signed-out');
      assert.equal(await page.getByTestId('signout-error').count(), 0);
      assert.equal(await page.getByTestId('session-user').textContent(), '');
      await browser.close();
      browser = undefined;
    });

    test('a tampered state on the post-logout return is rejected and visible', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, origin);
      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
      const tampered = new URL(page.url());
      const state = tampered.searchParams.get('state');
      tampered.searchParams.set(
        'state',
        state.slice(0, -4) + (state.endsWith('0000') ? '1111' : '0000'),
      );
      await page.goto(tampered.href); // the OP echoes whatever state it was given
      await page.locator('button[name="logout"][value="yes"]').click();
      await page.waitForURL((u) => u.origin === origin);
      const error = page.getByTestId('signout-error');
      await error.waitFor();
      assert.match(await error.textContent(), /signout-state-mismatch/);
      // and a return with no state at all
      await page.goto(`${origin}/logout-callback`);
      await error.waitFor();
      assert.match(await error.textContent(), /signout-state-missing/);
      await browser.close();
      browser = undefined;
    });

    test('hostile messages (same window, other origin, OP origin but other window) change nothing', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, origin);
      await recordStatuses(page);
      const promptNoneBefore = op.count(PROMPT_NONE);
      const before = await stats(page);
      // 1. The page posts to itself.
      await page.evaluate(() => {
        for (const data of ['changed', 'error', 'garbage', 'Changed', { x: 1 }, 42, null])
          window.postMessage(data, '*');
      });
      // 2. Frames from another origin (127.0.0.1 is another site) and from the OP origin (but not
      //    the check-session iframe) post to the app.
      await page.evaluate(
        ({ others }) =>
          Promise.all(
            others.map(
              (src) =>
                new Promise((resolve) => {
                  const f = document.createElement('iframe');
                  f.src = src;
                  f.onload = resolve;
                  f.dataset.hostile = '1';
                  document.body.appendChild(f);
                }),
            ),
          ),
        {
          others: [
            `http://127.0.0.1:${app.port}/frontchannel-logout`,
            `${OP}/.well-known/openid-configuration`,
          ],
        },
      );
      for (const frame of page
        .frames()
        .filter((f) => /127\.0\.0\.1|openid-configuration/.test(f.url()))) {
        await frame.evaluate(() => {
          for (const data of ['changed', 'error', 'unchanged', 'changed '])
            window.parent.postMessage(data, '*');
        });
      }
      // Wait for two more genuine polls after the attack, then judge.
      await page.waitForFunction(
        (n) => window.__oidcSession.getStats().unchanged >= n + 2,
        before.unchanged,
        {
          timeout: INTERVAL * 4,
        },
      );
      const afterStats = await stats(page);
      assert.ok(
        afterStats.ignored - before.ignored >= 15,
        `ignored ${afterStats.ignored - before.ignored}`,
      );
      assert.equal(afterStats.changed, before.changed);
      assert.equal(afterStats.error, before.error);
      assert.deepEqual([...new Set(await statusLog(page))], ['active']);
      assert.equal(await statusOf(page), 'active');
      assert.equal(op.count(PROMPT_NONE), promptNoneBefore, 'no silent re-auth was triggered');
      await browser.close();
      browser = undefined;
    });
  });
}
