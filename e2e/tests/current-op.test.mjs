// A second real OP: the current major of panva's oidc-provider (e2e/lib/current-op.mjs), which has
// no Session Management (no check_session_iframe, no session_state) and no front-channel logout,
// like most OPs today. Back-channel logout is what tells the app: the OP posts a `logout+jwt`
// token to the demo backend (strict about `typ` and `exp` here), which pushes `logout` to every tab over
// server-sent events. Same-site (app on localhost:5173, OP on localhost:4031), React demo only:
// one OP start, one build.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  APPS,
  buildApp,
  buildServerPackage,
  serveApp,
  startBackend,
  startCurrentOp,
} from '../lib/apps.mjs';
import {
  endSessionAtOp,
  launchBrowser,
  recordStatuses,
  signIn,
  statusLog,
  waitForStatus,
} from '../lib/browser.mjs';

const APP = APPS.find((a) => a.name === 'react');
const ORIGIN = APP && `http://localhost:${APP.port}`;
const OP = 'http://localhost:4031';
const LIMIT_MS = 1000;
const TABS = 3;
const PROMPT_NONE = /^authorize client=react-demo prompt=none$/;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(
  'second OP: oidc-provider, current major (no session management)',
  { skip: !APP, timeout: 300000 },
  () => {
    let op;
    let backend;
    let server;
    let browser;

    before(async () => {
      buildApp(APP, OP);
      buildServerPackage();
      op = await startCurrentOp(OP, { env: { REACT_DEMO_ORIGIN: ORIGIN } });
      // Strict: a logout token typed anything but `logout+jwt` would be refused.
      backend = await startBackend(OP, { env: { ACCEPT_JWT_TYP: '0', REQUIRE_EXP: '1' } });
      server = await serveApp(APP, OP);
    });
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });
    after(async () => {
      await server?.stop();
      await backend?.stop();
      await op?.stop();
    });

    test('its discovery offers back-channel and RP-initiated logout, and no check_session_iframe', async () => {
      const meta = await (await fetch(`${OP}/.well-known/openid-configuration`)).json();
      assert.equal(meta.issuer, OP);
      assert.equal(meta.check_session_iframe, undefined);
      assert.equal(meta.frontchannel_logout_supported, undefined);
      assert.equal(meta.backchannel_logout_supported, true);
      assert.equal(meta.backchannel_logout_session_supported, true);
      assert.equal(meta.end_session_endpoint, `${OP}/session/end`);
      console.log(`# ${op.lines.find((l) => l.startsWith('current-op ready'))}`);
    });

    test('sign in works; status unsupported (no-check-session-iframe), the user is kept, no silent re-check', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      const promptNone = op.count(PROMPT_NONE);
      await signIn(page, ORIGIN, { user: 'carol', until: 'unsupported' });
      assert.equal(
        await page.getByTestId('session-reason').textContent(),
        'no-check-session-iframe',
      );
      assert.equal(await page.getByTestId('session-user').textContent(), 'carol');
      assert.ok(op.count(/^sign-in sub=carol client=react-demo$/) >= 1, 'signed in at this OP');
      const snapshot = await page.evaluate(() => window.__oidcSession.getSnapshot());
      assert.equal(snapshot.sessionState, null, 'this OP sends no session_state');
      assert.equal(snapshot.isPolling, false);
      assert.equal(await page.locator('iframe').count(), 0, 'no OP iframe');
      // The back-channel path is armed: the tab traded its ID Token and listens to the backend.
      await backend.waitForLine(/^session-events open sub=carol sid=\S+$/, 10000);
      assert.equal(op.count(PROMPT_NONE), promptNone, 'no prompt=none request');
    });

    test(`a logout at the OP ends all ${TABS} open tabs through the back-channel within ${LIMIT_MS} ms`, async () => {
      browser = await launchBrowser();
      const user = 'dave';
      const first = await browser.context.newPage();
      await signIn(first, ORIGIN, { user, until: 'unsupported' });
      const pages = [first];
      for (let i = 1; i < TABS; i++) {
        const page = await browser.context.newPage();
        await page.goto(`${ORIGIN}/`);
        await waitForStatus(page, 'unsupported');
        pages.push(page);
      }
      // Every tab has its own event stream open before the logout.
      const opened = new RegExp(`^session-events open sub=${user} sid=\\S+$`);
      await backend.waitForCount(opened, TABS, 10000);
      const sid = backend.lines.find((l) => opened.test(l)).split('sid=')[1];
      const closed = new RegExp(`^session-events close sub=${user} `);
      assert.equal(backend.count(opened) - backend.count(closed), TABS, 'one open stream per tab');
      for (const page of pages) {
        assert.equal(
          await page.getByTestId('session-reason').textContent(),
          'no-check-session-iframe',
        );
        await recordStatuses(page);
      }
      const promptNone = op.count(PROMPT_NONE);
      const opCall = op.waitForLine(
        new RegExp(`^backchannel client=react-demo sub=${user} sid=${escape(sid)} status=ok$`),
        15000,
      );

      const { tab, started } = await endSessionAtOp(browser.context, OP);
      for (const page of pages) await waitForStatus(page, 'ended', 15000);
      await opCall;

      const latencies = [];
      const reasons = [];
      for (const page of pages) {
        const snap = await page.evaluate(() => window.__oidcSession.getSnapshot());
        latencies.push(snap.since - started);
        reasons.push(snap.reason);
        assert.equal(snap.user, null);
        assert.deepEqual([...new Set(await statusLog(page))], ['unsupported', 'ended']);
      }
      console.log(
        `# ${TABS} tabs ended ${latencies.join(', ')} ms after the click at the OP (reasons ${reasons.join(', ')})`,
      );
      // The backend pushed to a tab, which ended with the back-channel reason; any other tab heard it
      // from that one or from the backend, never from a poll (there is none) or a re-check.
      assert.ok(reasons.includes('backchannel-logout'), `reasons: ${reasons}`);
      assert.ok(
        reasons.every((r) => r === 'backchannel-logout' || r === 'other-tab'),
        `reasons: ${reasons}`,
      );
      for (const ms of latencies) assert.ok(ms <= LIMIT_MS, `a tab ended ${ms} ms after the click`);
      // The token the OP sent was typed `logout+jwt`, and the strict receiver took it exactly once.
      assert.equal(
        op.count(/^backchannel-token client=react-demo typ=logout\+jwt alg=RS256$/),
        op.count(/^backchannel-token /),
      );
      assert.equal(
        backend.count(
          new RegExp(`^backchannel client=react-demo sub=${user} sid=${escape(sid)} status=ok$`),
        ),
        1,
      );
      assert.equal(backend.count(/^backchannel .* status=rejected/), 0, 'no logout token refused');
      assert.equal(op.count(PROMPT_NONE), promptNone, 'no prompt=none request');
      await tab
        .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
        .catch(() => {});
    });

    test('RP-initiated logout: to the OP and back, with state checked -> signed-out; a tampered state is rejected', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await signIn(page, ORIGIN, { user: 'erin', until: 'unsupported' });
      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
      const endSession = new URL(page.url());
      assert.equal(endSession.searchParams.get('client_id'), 'react-demo');
      assert.ok(endSession.searchParams.get('id_token_hint'));
      assert.equal(
        endSession.searchParams.get('post_logout_redirect_uri'),
        `${ORIGIN}/logout-callback`,
      );
      const state = endSession.searchParams.get('state') ?? '';
      assert.match(state, /^[0-9a-f]{32}$/);

      // The request itself: the app replaces the URL as soon as it has read the state.
      const returned = page.waitForRequest((r) => r.url().startsWith(`${ORIGIN}/logout-callback`));
      await page.locator('button[name="logout"][value="yes"]').click();
      const back = new URL((await returned).url());
      assert.equal(back.searchParams.get('state'), state, 'the OP echoed our state');
      await waitForStatus(page, 'signed-out');
      assert.equal(await page.getByTestId('signout-error').count(), 0);
      assert.equal(await page.getByTestId('session-user').textContent(), '');
      assert.equal(op.count(/^end-session sub=erin client=react-demo /), 1);

      // Again with a state we did not issue: the app shows the mismatch and stays signed out.
      await signIn(page, ORIGIN, { user: 'erin', until: 'unsupported' });
      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
      const tampered = new URL(page.url());
      const issued = tampered.searchParams.get('state') ?? '';
      tampered.searchParams.set(
        'state',
        issued.slice(0, -4) + (issued.endsWith('0000') ? '1111' : '0000'),
      );
      await page.goto(tampered.href);
      await page.locator('button[name="logout"][value="yes"]').click();
      await page.waitForURL((u) => u.origin === ORIGIN);
      const error = page.getByTestId('signout-error');
      await error.waitFor();
      assert.match(await error.textContent(), /signout-state-mismatch/);
      assert.equal(await page.getByTestId('session-user').textContent(), '');
    });
  },
);
