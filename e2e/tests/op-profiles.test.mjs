// The React demo against the dev OP's profiles (packages/testing/src/dev-op/README.md, "Profiles"): each profile
// reproduces, on the real oidc-provider, a way real OPs depart from the specs, and each test
// asserts the library's outcome there: status, reason, `prompt=none` requests, time to settle.
// Same-site (app and OP on localhost). One OP start per profile (two for the front-channel
// opt-ins, which the OP's client registration turns on); React only, to keep CI short.
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
  signIn,
  stats,
  statusOf,
  waitForStatus,
} from '../lib/browser.mjs';

const OP = 'http://localhost:4011';
const INTERVAL = 2000;
const app = APPS.find((a) => a.name === 'react');
const origin = `http://localhost:${app?.port}`;
const PROMPT_NONE = /^authorize client=react-demo prompt=none$/;
const HEX_128 = /^[0-9a-f]{32}$/; // the nonces core sends
const reasonOf = (page) => page.getByTestId('session-reason').textContent();
const snapshot = (page) => page.evaluate(() => window.__oidcSession.getSnapshot());

/** Every status the app goes through from now on, with the time it was entered. */
async function recordTimedStatuses(page) {
  await page.evaluate(() => {
    const s = window.__oidcSession;
    window.__timedStatuses = [{ status: s.getSnapshot().status, at: Date.now() }];
    s.subscribe(() => {
      const { status } = s.getSnapshot();
      if (window.__timedStatuses.at(-1).status !== status) {
        window.__timedStatuses.push({ status, at: Date.now() });
      }
    });
  });
}
const timedStatuses = (page) => page.evaluate(() => window.__timedStatuses);

/**
 * The outcome the demo's front-channel page reports (it logs it: the OP navigates its frame away
 * at once). Resolves with the first one after this call.
 */
function frontchannelOutcome(context) {
  return new Promise((resolve) => {
    const onConsole = (message) => {
      const match = /^\[react-demo\] front-channel logout: (.*)$/.exec(message.text());
      if (!match) return;
      context.off('console', onConsole);
      resolve(match[1]);
    };
    context.on('console', onConsole);
  });
}

/** Close the OP's logout tab once its navigation is over (closing it mid-way can hang). */
async function closeLogoutTab(tab) {
  await tab
    .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
    .catch(() => {});
  await tab.close();
}

/** The react-demo client, with the front-channel opt-in `query` in its registered URI. */
const clientWithFrontchannelQuery = (query) => [
  {
    clientId: 'react-demo',
    origin,
    metadata: { frontchannel_logout_uri: `${origin}/frontchannel-logout?${query}` },
  },
];

describe('React demo against the dev OP profiles', { skip: !app && 'needs the React demo' }, () => {
  let server;
  let op;
  let browser;

  before(async () => {
    buildApp(app, OP);
    server = await serveApp(app, OP);
  });
  after(async () => {
    await browser?.close();
    await op?.stop();
    await server?.stop();
  });

  /** Start the OP for one group of scenarios (the previous one is stopped). */
  async function useOp(options) {
    await op?.stop();
    op = await startOp(OP, options);
  }

  /** A fresh browser for one scenario (the previous one is closed). */
  async function freshPage() {
    await browser?.close();
    browser = await launchBrowser();
    return browser.context.newPage();
  }

  describe('broken-iframe: the OP iframe answers `changed` to every session_state', () => {
    before(() => useOp({ profile: 'broken-iframe' }));

    test('sign-in -> unsupported / op-iframe-broken, no prompt=none; a reload says the same, not blocked cookies', async () => {
      const page = await freshPage();
      await signIn(page, origin, { until: 'unsupported' });
      const settled = await page.evaluate(
        () => window.__oidcSession.getSnapshot().since - performance.timeOrigin,
      );
      console.log(`# broken-iframe: unsupported ${Math.round(settled)} ms after the callback page`);
      assert.equal(await reasonOf(page), 'op-iframe-broken');
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      const s = await stats(page);
      assert.ok(s.changed >= 1, `the control saw \`changed\` (${JSON.stringify(s)})`);
      assert.equal(op.count(PROMPT_NONE), 0, 'no silent re-check');
      assert.ok(settled < 10000, `settled after ${settled} ms`);

      await page.reload();
      await waitForStatus(page, 'unsupported');
      assert.equal(await reasonOf(page), 'op-iframe-broken');
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      assert.equal(op.count(PROMPT_NONE), 0, 'no silent re-check after the reload either');
    });
  });

  describe('login-page-on-prompt-none: the silent re-check gets a login page it cannot frame', () => {
    before(() => useOp({ profile: 'login-page-on-prompt-none' }));

    test('logout at the OP -> error / reauth-timeout within 60 s, at most 4 prompt=none, user kept', async () => {
      const page = await freshPage();
      // Only the poll may see the logout: the OP's front-channel call to the app is blocked.
      await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
      await signIn(page, origin);
      await recordTimedStatuses(page);
      const { tab, started } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(page, 'error', 90000);
      const log = await timedStatuses(page);
      const reauthAt = log.find((e) => e.status === 'reauthenticating')?.at;
      const errorAt = log.at(-1).at;
      const promptNone = op.count(PROMPT_NONE);
      console.log(
        `# login-page-on-prompt-none: error ${errorAt - started} ms after the logout click, ` +
          `${errorAt - reauthAt} ms in reauthenticating, ${promptNone} prompt=none`,
      );
      assert.equal(await reasonOf(page), 'reauth-timeout');
      assert.deepEqual(
        log.map((e) => e.status),
        ['active', 'reauthenticating', 'error'],
      );
      assert.ok(errorAt - reauthAt <= 60000, `${errorAt - reauthAt} ms in reauthenticating`);
      assert.ok(promptNone >= 1 && promptNone <= 4, `${promptNone} prompt=none requests`);
      // Each of them got the login page, none an error redirect.
      assert.equal(
        op.count(/^login-page client=react-demo instead-of=login_required$/),
        promptNone,
      );
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      await closeLogoutTab(tab);
    });
  });

  describe('no-check-session: no Session Management, back-channel logout only', () => {
    let backend;
    before(async () => {
      buildServerPackage();
      await useOp({ profile: 'no-check-session' });
      backend = await startBackend(OP);
    });
    after(() => backend?.stop());

    test('sign-in -> unsupported / no-check-session-iframe; a logout at the OP ends it through the back-channel', async () => {
      const page = await freshPage();
      await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
      await signIn(page, origin, { until: 'unsupported' });
      assert.equal(await reasonOf(page), 'no-check-session-iframe');
      assert.equal(await page.locator('iframe[src*="/session/check"]').count(), 0);
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      await backend.waitForLine(/^session-events open sub=alice sid=\S+$/, 10000);

      const { tab, started } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(page, 'ended', 5000);
      const { since } = await snapshot(page);
      console.log(`# no-check-session: ended ${since - started} ms after the logout click`);
      assert.equal(await reasonOf(page), 'backchannel-logout');
      assert.ok(op.count(/^backchannel client=react-demo sub=alice \S+ status=ok$/) === 1);
      assert.equal(op.count(PROMPT_NONE), 0, 'no silent re-check');
      await closeLogoutTab(tab);
    });
  });

  for (const { profile, optIn, ignored } of [
    { profile: 'frontchannel-no-iss', optIn: 'requireIss=false', ignored: 'missing-iss-or-sid' },
    { profile: 'frontchannel-sid-is-sub', optIn: 'sidIsSub=true', ignored: 'sid-mismatch' },
  ]) {
    describe(`${profile}: the front-channel call departs from the spec`, () => {
      test(`by default the call is ignored (${ignored}); the session stays until the poll sees the logout`, async () => {
        await useOp({ profile });
        const page = await freshPage();
        // A one-minute interval: nothing ends this session before checkNow() but the front channel.
        await signIn(page, origin, { query: '?interval=60000' });
        await page.waitForFunction(() => window.__oidcSession.getStats().unchanged === 1);
        const outcome = frontchannelOutcome(browser.context);
        const { tab } = await endSessionAtOp(browser.context, OP);
        assert.equal(await outcome, `ignored (${ignored})`);
        assert.ok(op.count(/^frontchannel client=react-demo /) === 1);
        await closeLogoutTab(tab);
        assert.equal(await statusOf(page), 'active');
        // The OP session did end: a check now sees it.
        await page.evaluate(() => window.__oidcSession.checkNow());
        await waitForStatus(page, 'ended');
        assert.equal(await reasonOf(page), 'op-logout');
      });

      test(`with the opt-in (${optIn}) the call ends the session: ended / frontchannel-logout`, async () => {
        await useOp({ profile, clients: clientWithFrontchannelQuery(optIn) });
        const page = await freshPage();
        await signIn(page, origin, { query: '?interval=60000' });
        await page.waitForFunction(() => window.__oidcSession.getStats().unchanged === 1);

        // Hostile first: a page that frames the front-channel page for another user changes nothing.
        const hostile = await browser.context.newPage();
        const hostileOutcome = frontchannelOutcome(browser.context);
        await hostile.goto(
          `${origin}/frontchannel-logout?${optIn}&iss=${encodeURIComponent(OP)}&sid=mallory`,
        );
        assert.equal(await hostileOutcome, 'ignored (sid-mismatch)');
        await hostile.close();
        assert.equal(await statusOf(page), 'active');

        const outcome = frontchannelOutcome(browser.context);
        const { tab, started } = await endSessionAtOp(browser.context, OP);
        await waitForStatus(page, 'ended', 5000);
        const { since } = await snapshot(page);
        console.log(`# ${profile} + ${optIn}: ended ${since - started} ms after the logout click`);
        assert.equal(await outcome, 'signed out');
        assert.equal(await reasonOf(page), 'frontchannel-logout');
        assert.equal(op.count(PROMPT_NONE), 0, 'not the poll: no silent re-check');
        await closeLogoutTab(tab);
      });
    });
  }

  describe('require-nonce: authorization requests without nonce are refused', () => {
    before(() => useOp({ profile: 'require-nonce' }));
    const nonces = () =>
      op.lines
        .filter((l) => l.startsWith('authorize-nonce client=react-demo '))
        .map((l) => /^authorize-nonce client=\S+ prompt=(\S+) nonce=(\S+)$/.exec(l).slice(1));

    test('sign-in, a `changed` re-check that keeps the session, RP-initiated sign-out: a fresh nonce on each request', async () => {
      const page = await freshPage();
      await signIn(page, origin);
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      const [signInRequest] = nonces();
      assert.equal(signInRequest[0], '-', 'the sign-in request (no prompt)');
      assert.match(signInRequest[1], HEX_128);

      // The OP's state for this client changes while alice stays signed in (she grants one more
      // scope in another tab): the iframe says `changed`, the silent re-check finds alice again.
      const before = await stats(page);
      const other = await browser.context.newPage();
      await other.route(`${origin}/callback*`, (route) =>
        route.fulfill({ contentType: 'text/html', body: 'consent given' }),
      );
      const consent = new URL('/auth', OP);
      consent.search = new URLSearchParams({
        client_id: 'react-demo',
        redirect_uri: `${origin}/callback`,
        response_type: 'code',
        scope: 'openid offline_access',
        prompt: 'consent',
        nonce: 'from-the-test',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }).toString();
      await other.goto(consent.href);
      await other.locator('button[type="submit"]', { hasText: 'Continue' }).click();
      await other.waitForURL((u) => u.origin === origin);
      await other.close();
      await page.waitForFunction(
        (n) => window.__oidcSession.getStats().reauths > n,
        before.reauths,
        {
          timeout: INTERVAL * 4,
        },
      );
      await page.waitForFunction(
        (n) => window.__oidcSession.getStats().unchanged > n,
        before.unchanged,
        { timeout: INTERVAL * 4 },
      );
      assert.equal(await statusOf(page), 'active');
      assert.equal(await page.getByTestId('session-user').textContent(), 'alice');
      const recheck = nonces().filter(([prompt]) => prompt === 'none');
      assert.equal(recheck.length, 1, 'one silent re-check');
      assert.match(recheck[0][1], HEX_128);

      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
      await page.locator('button[name="logout"][value="yes"]').click();
      await page.waitForURL((u) => u.origin === origin);
      await waitForStatus(page, 'signed-out');
      assert.equal(await page.getByTestId('signout-error').count(), 0);
    });

    test('sign-in, then a logout at the OP -> ended / op-logout through a re-check with its own nonce', async () => {
      const page = await freshPage();
      await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
      const from = nonces().length;
      await signIn(page, origin);
      const { tab } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(page, 'ended', INTERVAL + 3000);
      assert.equal(await reasonOf(page), 'op-logout');
      await closeLogoutTab(tab);
      const requests = nonces().slice(from);
      assert.deepEqual(
        requests.map(([prompt]) => prompt),
        ['-', 'none'],
        'the sign-in and one silent re-check',
      );
    });

    test('every request of the app carried a nonce, each a new one; the OP refused none', () => {
      const fromApp = nonces().filter(([, nonce]) => nonce !== 'from-the-test');
      assert.equal(fromApp.length, 4, 'two sign-ins and two silent re-checks');
      for (const [, nonce] of fromApp) assert.match(nonce, HEX_128);
      assert.equal(new Set(fromApp.map(([, nonce]) => nonce)).size, fromApp.length);
      assert.equal(op.count(/^authorize-error client=react-demo error=invalid_request/), 0);
    });
  });
});
