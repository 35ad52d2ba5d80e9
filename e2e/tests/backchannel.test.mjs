// Back-channel logout, cross-site: the OP on 127.0.0.1:4011, the app on localhost, so Chromium
// hides the OP's cookies from its iframe and the app says `unsupported`. The OP's back-channel
// call reaches the demo backend (apps/demo-backend, port 4012), which pushes `logout` over
// server-sent events to the tab: the app must show `ended` / `backchannel-logout` within 2 s of
// the OP's `backchannel … status=ok` line, with no silent prompt=none re-check at any point.
// The OP prints that line once the backend answered 200, and the backend pushes to the tab before
// it answers: so the tab may show `ended` a few ms *before* the line (a negative figure).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  APPS,
  buildApp,
  buildServerPackage,
  serveApp,
  startBackend,
  startOp,
} from '../lib/apps.mjs';
import {
  endSessionAtOp,
  launchBrowser,
  recordStatuses,
  signIn,
  statusLog,
  waitForStatus,
} from '../lib/browser.mjs';

const OP = 'http://127.0.0.1:4011';
const LIMIT_MS = 2000;
const ROUNDS = Number(process.env.E2E_BACKCHANNEL_ROUNDS) || 5;

/** Resolve with the first matching line and the time this process saw it. */
const lineAt = (proc, pattern, timeout) =>
  proc.waitForLine(pattern, timeout).then((line) => ({ line, at: Date.now() }));

const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]}, median ${s[Math.floor((s.length - 1) / 2)]}, max ${s.at(-1)} ms (n=${s.length})`;
};

// Every sample app listens to the demo backend (backchannelLogoutEvents with an async url).
for (const app of APPS) {
  const origin = `http://localhost:${app.port}`;
  const promptNone = new RegExp(`^authorize client=${app.clientId} prompt=none$`);

  describe(`${app.name} app, back-channel logout, cross-site OP`, { timeout: 300000 }, () => {
    let op;
    let backend;
    let server;
    let browser;

    before(async () => {
      buildApp(app, OP);
      buildServerPackage();
      op = await startOp(OP);
      backend = await startBackend(OP);
      server = await serveApp(app, OP);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await backend?.stop();
      await op?.stop();
    });

    test(`logout at the OP -> ended (backchannel-logout) within ${LIMIT_MS} ms of the OP's back-channel call, ${ROUNDS} rounds`, async () => {
      const fromOp = [];
      const fromClick = [];
      const fromPush = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const user = `bcl-${app.name}-${round}`;
        const page = await browser.context.newPage();
        const navigations = [];
        page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));

        // The iframe cannot work here: the positive control says so, and the session is kept.
        await signIn(page, origin, { user, until: 'unsupported' });
        assert.equal(
          await page.getByTestId('session-reason').textContent(),
          'third-party-cookies-blocked',
        );
        // The app traded its ID Token for a subscription token and its event stream is open.
        const open = await backend.waitForLine(
          new RegExp(`^session-events open sub=${user} sid=\\S+$`),
          10000,
        );
        const sid = open.split('sid=')[1];
        assert.ok(backend.count(new RegExp(`^session-token client=${app.clientId} sub=${user} `)));
        await recordStatuses(page);
        navigations.length = 0;

        const esc = sid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const opCall = lineAt(
          op,
          new RegExp(`^backchannel client=${app.clientId} sub=${user} sid=${esc} status=ok$`),
          15000,
        );
        const push = lineAt(
          backend,
          new RegExp(`^session-events logout sub=${user} sid=${esc}$`),
          15000,
        );
        // Start at a random moment after the stream opened, so the figure is not tied to one point
        // of the backend's heartbeat cycle.
        await page.waitForFunction(
          (delay) => new Promise((r) => setTimeout(() => r(true), delay)),
          Math.floor(Math.random() * 1000),
        );
        const { tab, started } = await endSessionAtOp(browser.context, OP);
        await waitForStatus(page, 'ended', 15000);
        const endedAt = await page.evaluate(() => window.__oidcSession.getSnapshot().since);
        const [called, pushed] = await Promise.all([opCall, push]);

        assert.equal(await page.getByTestId('session-reason').textContent(), 'backchannel-logout');
        assert.equal(await page.getByTestId('session-user').textContent(), '');
        assert.ok(
          backend.count(
            new RegExp(`^backchannel client=${app.clientId} sub=${user} sid=${esc} status=ok$`),
          ) === 1,
          'the backend accepted the logout token once',
        );
        const latency = endedAt - called.at;
        fromOp.push(latency);
        fromClick.push(endedAt - started);
        fromPush.push(endedAt - pushed.at);
        console.log(
          `# ${app.name} round ${round}: ended ${latency} ms after the OP's back-channel line ` +
            `(${endedAt - started} ms after the click, ${endedAt - pushed.at} ms after the backend's push line)`,
        );
        assert.ok(latency <= LIMIT_MS, `ended ${latency} ms after the OP's back-channel call`);
        assert.deepEqual([...new Set(await statusLog(page))], ['unsupported', 'ended']);
        assert.deepEqual(navigations, [], 'no navigation (no sign-out redirect)');

        await tab
          .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
          .catch(() => {});
        await tab.close();
        await page.close();
      }
      assert.equal(op.count(promptNone), 0, 'no silent prompt=none re-check, let alone a loop');
      assert.equal(
        backend.count(/^backchannel .* status=rejected/),
        0,
        'no back-channel call was refused',
      );
      console.log(`# ${app.name}: OP back-channel line -> ended: ${summary(fromOp)}`);
      console.log(`# ${app.name}: click at the OP -> ended: ${summary(fromClick)}`);
      console.log(`# ${app.name}: backend push line -> ended: ${summary(fromPush)}`);
    });
  });
}
