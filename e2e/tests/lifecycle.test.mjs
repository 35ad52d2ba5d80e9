// Session lifecycle beyond the iframe (issue #18), in real headless Chromium against the real dev
// OP: sign-out as a form POST and in a popup, and idle sign-out shared by two tabs, in each demo.
// Its own OP port (4051), so its builds never collide with the other suites'.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import { launchBrowser, signIn, waitForStatus } from '../lib/browser.mjs';

const OP = 'http://localhost:4051';
const END_SESSION = `${OP}/session/end`;
const IDLE_MS = 8000;

const reasonOf = (page) => page.getByTestId('session-reason').textContent();

/** Confirm on the dev OP's end-session page ("Yes, sign me out"). */
async function confirmAtOp(page) {
  await page.locator('button[name="logout"][value="yes"]').click();
}

for (const APP of APPS) {
  describe(`session lifecycle (${APP.name} demo)`, { timeout: 600000 }, () => {
    const ORIGIN = `http://localhost:${APP.port}`;
    const END_LINE = new RegExp(`^end-session sub=alice client=${APP.clientId} `);
    let op;
    let server;
    let browser;

    before(async () => {
      buildApp(APP, OP);
      op = await startOp(OP);
      server = await serveApp(APP, OP);
    });
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });
    after(async () => {
      await server?.stop();
      await op?.stop();
    });

    test('POST sign-out reaches the OP end-session endpoint as a POST and ends the OP session', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, ORIGIN);
      const requests = [];
      page.on('request', (r) => {
        if (r.url().split('?')[0] === END_SESSION) {
          requests.push({ method: r.method(), query: new URL(r.url()).search, body: r.postData() });
        }
      });
      const ended = op.lines.filter((l) => END_LINE.test(l)).length;
      await page.getByTestId('sign-out-post').click();
      await confirmAtOp(page);
      await page.waitForURL(`${ORIGIN}/`);
      await waitForStatus(page, 'signed-out');
      await op.waitForCount(END_LINE, ended + 1);
      // The OP's own log: the request arrived as a POST and was answered.
      assert.equal(
        op.lines.filter((l) =>
          new RegExp(`^end-session-request method=POST client=${APP.clientId} status=200$`).test(l),
        ).length,
        1,
      );
      assert.equal(requests.length, 1, 'one request to end_session_endpoint');
      assert.equal(requests[0].method, 'POST');
      assert.equal(requests[0].query, '', 'nothing in the URL');
      const form = new URLSearchParams(requests[0].body);
      assert.equal(form.get('client_id'), APP.clientId);
      assert.match(form.get('id_token_hint') ?? '', /^ey/);
      assert.match(form.get('state') ?? '', /^[0-9a-f]{32}$/);
      assert.equal(form.get('post_logout_redirect_uri'), `${ORIGIN}/logout-callback`);
      // The state came back and was accepted (no "sign-out return rejected" notice).
      assert.equal(await page.getByTestId('signout-error').count(), 0);
    });

    test('popup sign-out keeps the app page, checks state on return and ends the OP session', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, ORIGIN);
      let navigations = 0;
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations++;
      });
      const ended = op.lines.filter((l) => END_LINE.test(l)).length;
      const opened = page.waitForEvent('popup');
      await page.getByTestId('sign-out-popup').click();
      const popup = await opened;
      await popup.waitForURL((u) => u.href.startsWith(END_SESSION));
      // The app page stays, already signed out locally.
      await waitForStatus(page, 'signed-out');
      await confirmAtOp(popup);
      await popup.waitForEvent('close', { timeout: 15000 });
      await page.getByTestId('popup-signed-out').waitFor({ timeout: 5000 });
      await op.waitForCount(END_LINE, ended + 1);
      assert.equal(navigations, 0, 'the app page never navigated');
      assert.equal(page.url(), `${ORIGIN}/`);
      assert.equal(await page.getByTestId('action-error').count(), 0);
      // The OP session is over: signing in again asks for the login form.
      await page.getByTestId('sign-in').click();
      await page.locator('input[name="login"]').waitFor({ timeout: 10000 });
    });

    test('idle: the countdown shows in two tabs, activity in one clears both, expiry signs both out', async () => {
      browser = await launchBrowser();
      const a = await browser.context.newPage();
      await signIn(a, ORIGIN, { query: `?idle=${IDLE_MS}` });
      const b = await browser.context.newPage();
      await b.goto(`${ORIGIN}/?idle=${IDLE_MS}`);
      await waitForStatus(b, 'active');
      for (const p of [a, b]) {
        await p.getByTestId('idle-warning').waitFor({ timeout: IDLE_MS });
        const seconds = Number(await p.getByTestId('idle-seconds').textContent());
        assert.ok(seconds >= 1 && seconds <= 5, `seconds left ${seconds}`);
        assert.ok(await p.getByTestId('stay-signed-in').isVisible());
      }
      // Both count to the same deadline.
      const deadlines = await Promise.all(
        [a, b].map((p) => p.evaluate(() => window.__oidcSession.getSnapshot().idle?.deadline)),
      );
      assert.equal(deadlines[0], deadlines[1]);

      // A key press in tab A: tab B's warning goes away; measured from before the press to B's DOM.
      await b.evaluate(() => {
        const el = () => document.querySelector('[data-testid="idle-warning"]');
        new MutationObserver((_, obs) => {
          if (el()) return;
          window.__warningGoneAt = Date.now();
          obs.disconnect();
        }).observe(document.body, { childList: true, subtree: true });
      });
      // Idle tracking is tab-to-tab only: no request to the OP or the app while tabs pass activity.
      const requests = [];
      const record = (r) => {
        if (r.url().startsWith(OP) || r.url().startsWith(ORIGIN)) requests.push(r.url());
      };
      for (const p of [a, b]) p.on('request', record);
      const pressed = Date.now();
      await a.keyboard.press('Shift');
      await b.waitForFunction(() => window.__warningGoneAt !== undefined, null, { timeout: 2000 });
      const lag = (await b.evaluate(() => window.__warningGoneAt)) - pressed;
      console.log(`# idle: activity in tab A cleared the warning in tab B after ${lag} ms`);
      assert.ok(lag < 100, `warning cleared in the other tab after ${lag} ms`);
      for (let i = 0; i < 10; i++) await a.mouse.move(10 + i * 20, 10 + i * 10);
      await a.keyboard.type('abc');
      for (const p of [a, b]) p.off('request', record);
      assert.deepEqual(requests, [], 'no request for idle tracking');
      await a.getByTestId('idle-warning').waitFor({ state: 'detached', timeout: 1000 });

      // The stay button in B restarts the countdown for A too.
      await a.getByTestId('idle-warning').waitFor({ timeout: IDLE_MS });
      // A pointer reaching the button is activity already; the button's own click is what is tested.
      await b.getByTestId('stay-signed-in').dispatchEvent('click');
      await a.getByTestId('idle-warning').waitFor({ state: 'detached', timeout: 1000 });

      // Nobody moves: both tabs sign out with reason idle.
      const start = Date.now();
      for (const p of [a, b]) await waitForStatus(p, 'signed-out', IDLE_MS + 5000);
      console.log(`# idle: both tabs signed out ${Date.now() - start} ms after the last activity`);
      for (const p of [a, b]) {
        assert.equal(await reasonOf(p), 'idle');
        assert.equal(await p.getByTestId('idle-warning').count(), 0);
      }
    });
  });
}
