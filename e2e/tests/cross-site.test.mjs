// Cross-site: apps on localhost, OP on 127.0.0.1:4011. This headless Chromium blocks third-party
// cookies, so the OP iframe cannot read its own cookie: the real-world case of Safari, Firefox
// strict mode and Chrome with third-party cookies off. No false logout may follow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import { launchBrowser, recordStatuses, signIn, statusLog, statusOf } from '../lib/browser.mjs';

const OP = 'http://127.0.0.1:4011';
const OBSERVE_MS = 30000;

for (const app of APPS) {
  const origin = `http://localhost:${app.port}`;

  describe(
    `${app.name} app, cross-site OP (third-party cookies blocked)`,
    { timeout: 180000 },
    () => {
      let op;
      let server;
      let browser;

      before(async () => {
        buildApp(app, OP);
        op = await startOp(OP);
        server = await serveApp(app, OP);
        browser = await launchBrowser();
      });
      after(async () => {
        await browser?.close();
        await server?.stop();
        await op?.stop();
      });

      test(`after sign-in, ${OBSERVE_MS / 1000} s pass with no false ended and no sign-out redirect`, async () => {
        const page = await browser.context.newPage();
        // The positive control: the fresh session_state is answered `error` by the cookie-less iframe.
        await signIn(page, origin, { until: 'unsupported' });
        assert.equal(
          await page.getByTestId('session-reason').textContent(),
          'third-party-cookies-blocked',
        );
        assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
        await recordStatuses(page);
        const navigations = [];
        page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
        const promptNone = op.count(/^authorize client=\S+ prompt=none$/);
        // Observation window: the assertion is that nothing happens during it.
        await new Promise((r) => setTimeout(r, OBSERVE_MS));
        assert.deepEqual([...new Set(await statusLog(page))], ['unsupported']);
        assert.equal(await statusOf(page), 'unsupported');
        assert.deepEqual(navigations, [], 'no navigation (no sign-out redirect)');
        assert.equal(
          op.count(/^authorize client=\S+ prompt=none$/),
          promptNone,
          'no silent re-auth loop',
        );
        assert.equal(op.count(/^end-session /), 0);
      });
    },
  );
}
