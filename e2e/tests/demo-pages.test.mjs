// The demo pages themselves, in real tabs against the real OP. The event timeline: each check with
// its answer, which tab polls and which follows, the silent re-check and how it ended, newest
// first. And what the demos' old smoke scripts checked beyond the other suites: the "last checked"
// figure ticks, a front-channel call naming another issuer is ignored, /silent-callback never
// boots the app, unknown paths get the app's not-found view (Vue).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import { endSessionAtOp, launchBrowser, signIn, statusOf, waitForStatus } from '../lib/browser.mjs';

const OP = 'http://localhost:4011';
const INTERVAL = 2000;

/** The timeline's texts, newest first. */
const entries = (page) => page.locator('[data-testid="timeline"] li .text').allTextContents();

/** Wait until the timeline has an entry matching `pattern`. */
function waitForEntry(page, pattern, timeout = INTERVAL * 4) {
  return page
    .waitForFunction(
      (source) =>
        [...document.querySelectorAll('[data-testid="timeline"] li .text')].some((el) =>
          new RegExp(source).test(el.textContent ?? ''),
        ),
      pattern.source,
      { timeout, polling: 50 },
    )
    .catch(async (err) => {
      throw new Error(`no timeline entry ${pattern}: ${(await entries(page)).join(' | ')}`, {
        cause: err,
      });
    });
}

/** Index of the newest entry matching `pattern` (-1 if none). */
const indexOf = (list, pattern) => list.findIndex((t) => pattern.test(t));

for (const app of APPS) {
  const origin = `http://localhost:${app.port}`;

  describe(`${app.name} demo pages`, { timeout: 240000 }, () => {
    let op;
    let server;
    let browser;

    before(async () => {
      buildApp(app, OP);
      op = await startOp(OP);
      server = await serveApp(app, OP);
    });
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });
    after(async () => {
      await server?.stop();
      await op?.stop();
    });

    test('two tabs: checks, who polls, the silent re-check and the end, newest first', async () => {
      browser = await launchBrowser();
      const leader = await browser.context.newPage();
      await signIn(leader, origin);
      await waitForEntry(leader, /^this tab now polls the OP for every tab$/);
      await waitForEntry(leader, /^check: unchanged .*, this tab polled$/);
      assert.match(await leader.getByTestId('last-checked').textContent(), /^\d+ s ago$/);
      // "last checked" ticks: the figure changes as checks come in and time passes.
      const lastChecked = await leader.getByTestId('last-checked').textContent();
      await leader.waitForFunction(
        (was) => document.querySelector('[data-testid="last-checked"]')?.textContent !== was,
        lastChecked,
        { timeout: INTERVAL * 2 },
      );

      const follower = await browser.context.newPage();
      await follower.goto(origin);
      await waitForStatus(follower, 'active');
      await waitForEntry(follower, /^tab \w{4} polls the OP; this tab follows it$/);
      await waitForEntry(follower, /^check: unchanged .*, tab \w{4} polled$/);
      await waitForEntry(leader, /^hello from tab \w{4}, which follows this tab$/);
      // The follower names the leader's tab, and the leader's hello names the follower's.
      const leaderName = (await entries(follower))
        .find((t) => t.endsWith('this tab follows it'))
        .slice(0, 8);
      assert.ok(
        (await entries(follower)).some((t) => t.endsWith(`${leaderName} polled`)),
        `follower's checks come from ${leaderName}`,
      );
      // A front-channel call naming another issuer changes nothing (same-site: the page sees the
      // user and the tabs, so only the check of `iss` stands in the way).
      const forged = await browser.context.newPage();
      await forged.goto(
        `${origin}/frontchannel-logout?iss=${encodeURIComponent('https://elsewhere.example')}&sid=x`,
      );
      await forged.getByText('front-channel logout: ignored (iss-mismatch)').waitFor();
      await forged.close();
      assert.equal(await statusOf(leader), 'active');

      // Quiet checks fold into one entry with a count instead of filling the list.
      await leader.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="timeline"] li .count')].some((el) =>
            /^×[2-9]/.test(el.textContent ?? ''),
          ),
        null,
        { timeout: INTERVAL * 4 },
      );
      // Only the poll may see the logout: the OP's front-channel call to the app is blocked.
      await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
      const { tab } = await endSessionAtOp(browser.context, OP);
      await waitForStatus(leader, 'ended', INTERVAL * 3);
      await waitForStatus(follower, 'ended', INTERVAL * 3);
      await waitForEntry(leader, /^session ended: .*\(op-logout\)$/);
      await waitForEntry(follower, /^session ended: .*\(op-logout\)$/);

      const l = await entries(leader);
      assert.match(l[0], /^session ended: silent re-check result: login required at the OP/);
      const started = indexOf(l, /^silent re-check \(prompt=none\) started by this tab$/);
      const changed = indexOf(l, /^check: changed .*, this tab polled$/);
      const told = indexOf(l, /^told the other tabs: ended$/);
      assert.ok(
        // The `changed` check and the re-check's start arrive together (in either order).
        told > 0 && started > told && changed > told,
        `leader, newest first: ${l.join(' | ')}`,
      );

      const f = await entries(follower);
      assert.match(f[0], /^session ended: .*\(op-logout\)$/);
      const heard = indexOf(f, /^another tab says: ended/);
      const followerRecheck = indexOf(f, new RegExp(`^silent re-check .* by ${leaderName}`));
      assert.ok(heard > 0 && heard < followerRecheck, `follower, newest first: ${f.join(' | ')}`);
      assert.ok(l.length <= 50 && f.length <= 50);
      await tab
        .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
        .catch(() => {});
    });

    test('/silent-callback hands the answer back and never boots the app', async () => {
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await page.goto(`${origin}/silent-callback`, { waitUntil: 'networkidle' });
      assert.equal(await page.getByTestId('session-status').count(), 0);
      assert.equal(await page.getByTestId('timeline').count(), 0);
      assert.equal(await page.locator('iframe').count(), 0, 'no OP iframe');
    });

    if (app.name === 'vue') {
      test('an unknown path gets the app, which says there is nothing there', async () => {
        browser = await launchBrowser();
        const page = await browser.context.newPage();
        await page.goto(`${origin}/no/such/page`);
        await page.getByText('Nothing here.').waitFor();
        assert.equal(await page.getByTestId('session-status').count(), 0);
      });
    }
  });
}
