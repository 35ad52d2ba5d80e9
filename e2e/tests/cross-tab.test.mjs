// One poller per browser (issue #7): several tabs of the React demo in real headless Chromium
// against the real dev OP. Tabs elect a leader over Web Locks; results travel on BroadcastChannel.
// This suite uses its own ports (OP 4021/4022, app 5273) so its builds and servers never collide
// with the per-app suites.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { APPS, buildApp, serveApp, startOp } from '../lib/apps.mjs';
import {
  endSessionAtOp,
  launchBrowser,
  recordStatuses,
  signIn,
  statusLog,
  statusOf,
  waitForStatus,
} from '../lib/browser.mjs';

const react = APPS.find((a) => a.name === 'react');
const APP = react && { ...react, port: 5273 };
const ORIGIN = 'http://localhost:5273';
const OP = 'http://localhost:4021';
const OP_CROSS_SITE = 'http://127.0.0.1:4022';
const INTERVAL = 2000;
const PROMPT_NONE = /^authorize client=react-demo prompt=none$/;
const OP_ENV = { REACT_DEMO_ORIGIN: ORIGIN };

/** Headless Chromium reports every page as visible; this lets a test hide and show a tab. */
function emulateVisibility() {
  if (window.top !== window) return; // not inside the OP iframe
  let state = 'visible';
  Object.defineProperty(Document.prototype, 'visibilityState', { get: () => state });
  Object.defineProperty(Document.prototype, 'hidden', { get: () => state === 'hidden' });
  window.__setVisibility = (next) => {
    state = next;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  };
}

const snapshotOf = (page) => page.evaluate(() => window.__oidcSession.getSnapshot());
const postedOf = (page) => page.evaluate(() => window.__oidcSession.getStats().posted);
const iframesOf = (page) => page.locator('iframe[src$="/session/check"]').count();

async function countIframes(pages) {
  let n = 0;
  for (const p of pages) n += await iframesOf(p);
  return n;
}

/** Sign in in a first tab, then open `n - 1` more tabs of the app; all show `status`. */
async function openTabs(browser, n, { query = `?interval=${INTERVAL}`, status = 'active' } = {}) {
  const first = await browser.context.newPage();
  await signIn(first, ORIGIN, { query, until: status });
  const pages = [first];
  for (let i = 1; i < n; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${ORIGIN}/${query}`);
    await waitForStatus(page, status);
    pages.push(page);
  }
  return pages;
}

/** The one tab whose snapshot says it polls; fails unless there is exactly one. */
async function theLeader(pages) {
  const polling = [];
  for (const p of pages) if ((await snapshotOf(p)).isPolling) polling.push(p);
  assert.equal(polling.length, 1, `tabs polling: ${polling.length}`);
  return polling[0];
}

describe('cross-tab: one poller per browser (React demo)', { skip: !APP, timeout: 600000 }, () => {
  let op;
  let server;
  let browser;

  before(async () => {
    buildApp(APP, OP);
    op = await startOp(OP, { env: OP_ENV });
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

  test('five tabs: one OP iframe, one poll stream; close the leader: another polls within 1 s', async () => {
    browser = await launchBrowser();
    const pages = await openTabs(browser, 5);
    assert.equal(await countIframes(pages), 1, 'OP iframes in the browser');
    const leader = await theLeader(pages);
    // The demo says which tab polls.
    for (const p of pages) {
      assert.equal(
        await p.getByTestId('session-role').textContent(),
        p === leader ? 'polls the OP for every tab' : 'follows the tab that polls',
      );
    }
    const before = await Promise.all(pages.map(postedOf));
    await leader.waitForFunction(
      (n) => window.__oidcSession.getStats().posted >= n + 2,
      before[pages.indexOf(leader)],
      { timeout: INTERVAL * 4 },
    );
    const afterPolls = await Promise.all(pages.map(postedOf));
    pages.forEach((p, i) => {
      if (p !== leader) assert.equal(afterPolls[i], before[i], `follower ${i} posted`);
    });
    for (const p of pages) assert.equal((await snapshotOf(p)).status, 'active');

    // Close the leader; the queued tab gets the lock and polls.
    const rest = pages.filter((p) => p !== leader);
    const restPosted = await Promise.all(rest.map(postedOf));
    const closed = Date.now();
    await leader.close();
    await Promise.any(
      rest.map((p, i) =>
        p.waitForFunction(
          (n) =>
            window.__oidcSession.getStats().posted > n &&
            window.__oidcSession.getSnapshot().isPolling,
          restPosted[i],
          {
            timeout: 5000,
            polling: 10,
          },
        ),
      ),
    );
    const takeover = Date.now() - closed;
    console.log(`# cross-tab: the leader closed, another tab polled after ${takeover} ms`);
    assert.ok(takeover <= 1000, `takeover took ${takeover} ms`);
    await theLeader(rest);
    assert.equal(await countIframes(rest), 1);
    for (const p of rest) assert.equal((await snapshotOf(p)).status, 'active');
  });

  test('sign out in tab 1: tabs 2-5 show signed-out within 150 ms, without their user', async () => {
    browser = await launchBrowser();
    const pages = await openTabs(browser, 5);
    const [first, ...others] = pages;
    for (const p of others) {
      await p.evaluate(() => {
        const s = window.__oidcSession;
        s.subscribe(() => {
          if (s.getSnapshot().status === 'signed-out' && !window.__signedOutAt)
            window.__signedOutAt = performance.timeOrigin + performance.now();
        });
      });
    }
    // The click time, kept where the navigation to the OP cannot lose it.
    await first.evaluate(() =>
      document.addEventListener(
        'click',
        () =>
          localStorage.setItem(
            'e2e:clicked-at',
            String(performance.timeOrigin + performance.now()),
          ),
        true,
      ),
    );
    await first.getByTestId('sign-out').click();
    const lags = [];
    for (const p of others) {
      await waitForStatus(p, 'signed-out', 2000);
      const { at, clicked, user } = await p.evaluate(() => ({
        at: window.__signedOutAt,
        clicked: Number(localStorage.getItem('e2e:clicked-at')),
        user: window.__oidcSession.getSnapshot().user,
      }));
      assert.equal(user, null);
      lags.push(Math.round(at - clicked));
    }
    console.log(`# cross-tab: sign-out reached the other tabs after ${lags.join(', ')} ms`);
    assert.ok(Math.max(...lags) <= 150, `slowest tab: ${Math.max(...lags)} ms`);
    // The user store is shared (localStorage): nothing left for a reload to pick up.
    await others[0].reload();
    await waitForStatus(others[0], 'signed-out');
  });

  test('the session ended at the OP: all five tabs ended after one prompt=none in all', async () => {
    browser = await launchBrowser();
    // Only the poll may see it: the OP's front-channel call is blocked.
    await browser.context.route('**/frontchannel-logout*', (route) => route.abort());
    const pages = await openTabs(browser, 5);
    const promptNone = op.count(PROMPT_NONE);
    const { tab, started } = await endSessionAtOp(browser.context, OP);
    try {
      for (const p of pages) await waitForStatus(p, 'ended', INTERVAL + 3000);
    } catch (err) {
      for (const p of pages) console.log('# tab', JSON.stringify(await snapshotOf(p)));
      console.log(op.lines.slice(-15).join('\n'));
      throw err;
    }
    console.log(`# cross-tab: all five tabs ended ${Date.now() - started} ms after the OP logout`);
    for (const p of pages) {
      assert.equal(await p.getByTestId('session-reason').textContent(), 'op-logout');
    }
    assert.equal(op.count(PROMPT_NONE) - promptNone, 1, 'silent re-checks in the browser');
    await tab.waitForURL(/\/session\/end\/success/).catch(() => {});
  });

  test('a hidden tab made visible is checked within 100 ms (leader or follower)', async () => {
    browser = await launchBrowser();
    await browser.context.addInitScript(emulateVisibility);
    const pages = await openTabs(browser, 3);
    const leader = await theLeader(pages);
    const follower = pages.find((p) => p !== leader);
    const figures = {};
    for (const [name, page] of [
      ['follower', follower],
      ['leader', leader],
    ]) {
      const lags = [];
      for (let i = 0; i < 5; i++) {
        await page.evaluate(() => window.__setVisibility('hidden'));
        // Show it again at a random phase of the poll cycle.
        await page.waitForFunction(
          (ms) => new Promise((r) => setTimeout(() => r(true), ms)),
          200 + Math.floor(Math.random() * INTERVAL),
        );
        lags.push(
          await page.evaluate(
            () =>
              new Promise((resolve) => {
                const off = window.__oidcSession.on('checked', () => {
                  off();
                  resolve(Math.round(performance.now() - shown));
                });
                const shown = performance.now();
                window.__setVisibility('visible');
              }),
          ),
        );
      }
      figures[name] = lags;
    }
    console.log(
      `# cross-tab: shown -> checked: follower ${figures.follower.join(', ')} ms; leader ${figures.leader.join(', ')} ms`,
    );
    for (const lags of Object.values(figures)) {
      assert.ok(Math.max(...lags) <= 100, `slowest: ${Math.max(...lags)} ms`);
    }
  });

  test('10,000 hostile or malformed messages change nothing', async () => {
    browser = await launchBrowser();
    const pages = await openTabs(browser, 2);
    const leader = await theLeader(pages);
    const follower = pages.find((p) => p !== leader);
    for (const p of pages) await recordStatuses(p);
    const promptNone = op.count(PROMPT_NONE);
    const before = await leader.evaluate(() => window.__oidcSession.getStats());
    // 1. To the leader's window: 8,000 near misses from itself (same origin, wrong window).
    await leader.evaluate(() => {
      const near = ['changed', 'error', 'unchanged', 'Changed', ' changed', 'changed\n', 'CHANGED'];
      const odd = [null, 0, 1, true, {}, [], { data: 'changed' }, ['changed'], new Blob(['x'])];
      for (let i = 0; i < 8000; i++) {
        const pick = i % 2 ? near[i % near.length] : odd[i % odd.length];
        window.postMessage(pick, '*');
      }
    });
    // 2. From another origin (127.0.0.1 is another site) and from the OP origin but another
    //    window: 1,000 each.
    await leader.evaluate(
      (srcs) =>
        Promise.all(
          srcs.map(
            (src) =>
              new Promise((resolve) => {
                const f = document.createElement('iframe');
                f.src = src;
                f.onload = resolve;
                document.body.appendChild(f);
              }),
          ),
        ),
      [
        `http://127.0.0.1:${APP.port}/frontchannel-logout`,
        `${OP}/.well-known/openid-configuration`,
      ],
    );
    for (const frame of leader
      .frames()
      .filter((f) => /127\.0\.0\.1|openid-configuration/.test(f.url()))) {
      await frame.evaluate(() => {
        for (let i = 0; i < 1000; i++) window.parent.postMessage(i % 3 ? 'changed' : 'error', '*');
      });
    }
    // 3. Malformed messages on the tabs' own channel (same origin): 1,000 from the follower.
    await follower.evaluate(() => {
      const name = Object.keys(localStorage).find((k) => k.startsWith('oidc.user:'));
      const [, authority, clientId] = /^oidc\.user:(.*):([^:]+)$/.exec(name);
      const channel = new BroadcastChannel(`oidc-session:${authority}|${clientId}`);
      const bad = [
        { type: 'end', status: 'ended', reason: 'made-up', sub: null },
        { type: 'end', status: 'gone', reason: 'op-logout', sub: null },
        {
          type: 'state',
          tab: 'x',
          sub: 'alice',
          status: 'ended',
          reason: null,
          sessionState: null,
          answer: null,
        },
        {
          type: 'state',
          tab: 'x',
          sub: 7,
          status: 'active',
          reason: null,
          sessionState: null,
          answer: null,
        },
        { type: 'hello', tab: 'x', sub: 'alice', visible: 'yes', check: true },
        'end',
        null,
      ];
      for (let i = 0; i < 1000; i++) channel.postMessage(bad[i % bad.length]);
      channel.close();
    });
    // Two more genuine polls after the attack, then judge.
    await leader.waitForFunction(
      (n) => window.__oidcSession.getStats().unchanged >= n + 2,
      before.unchanged,
      { timeout: INTERVAL * 4 },
    );
    const afterStats = await leader.evaluate(() => window.__oidcSession.getStats());
    assert.ok(
      afterStats.ignored - before.ignored >= 10000,
      `ignored ${afterStats.ignored - before.ignored}`,
    );
    assert.equal(afterStats.changed, before.changed);
    assert.equal(afterStats.error, before.error);
    for (const p of pages) {
      assert.deepEqual([...new Set(await statusLog(p))], ['active']);
      assert.ok((await snapshotOf(p)).user);
    }
    assert.equal(op.count(PROMPT_NONE), promptNone, 'no silent re-check');
  });

  test('anonymous monitoring: a signed-out tab notices a sign-in elsewhere (one prompt=none per change)', async () => {
    browser = await launchBrowser();
    const watcher = await browser.context.newPage();
    const promptNone = op.count(PROMPT_NONE);
    await watcher.goto(`${ORIGIN}/?interval=${INTERVAL}&anonymous=1`);
    await waitForStatus(watcher, 'signed-out');
    await watcher.waitForFunction(() => window.__oidcSession.getStats().unchanged >= 1, null, {
      timeout: 10000,
    });
    assert.equal(op.count(PROMPT_NONE) - promptNone, 1, 'one silent request to learn the state');
    assert.equal(await watcher.getByTestId('session-reason').textContent(), '');
    // Sign in in another tab (the OP session appears); the watcher's iframe says `changed`.
    const other = await browser.context.newPage();
    await signIn(other, ORIGIN, { query: `?interval=${INTERVAL}` });
    const signedInAt = Date.now();
    await watcher.waitForFunction(
      () => window.__oidcSession.getSnapshot().reason === 'op-session',
      null,
      { timeout: INTERVAL + 3000, polling: 20 },
    );
    console.log(`# anonymous: sign-in elsewhere noticed after ${Date.now() - signedInAt} ms`);
    assert.equal(await statusOf(watcher), 'signed-out');
    assert.equal(op.count(PROMPT_NONE) - promptNone, 2, 'one more silent request for the change');
  });

  test('the OP down for 60 s: no logout meanwhile; back without the session: every tab ended', async () => {
    browser = await launchBrowser();
    const pages = await openTabs(browser, 3, { query: `?interval=${INTERVAL}&probe=5000` });
    const leader = await theLeader(pages);
    for (const p of pages) await recordStatuses(p);
    await op.stop();
    const downAt = Date.now();
    // The probe notices within its interval; the status says so, and the user is kept.
    await leader.waitForFunction(
      () => window.__oidcSession.getSnapshot().reason === 'op-unreachable',
      null,
      { timeout: 10000 },
    );
    const quietBefore = await leader.evaluate(() => window.__oidcSession.getStats().unchanged);
    // The scenario itself is "down for 60 s"; this wait is its length, not a synchronisation.
    await leader.waitForTimeout(Math.max(0, 60000 - (Date.now() - downAt)));
    const quietAfter = await leader.evaluate(() => window.__oidcSession.getStats().unchanged);
    assert.ok(
      quietAfter - quietBefore >= 20,
      `quiet polls while down: ${quietAfter - quietBefore}`,
    );
    for (const p of pages) {
      const snap = await snapshotOf(p);
      assert.equal(snap.status, 'active');
      assert.equal(snap.reason, 'op-unreachable');
      assert.ok(snap.user, 'user kept while the OP is down');
      assert.deepEqual([...new Set(await statusLog(p))], ['active']);
    }
    // The restarted OP forgot every session; the iframe's cookie still says `unchanged`.
    op = await startOp(OP, { env: OP_ENV });
    const upAt = Date.now();
    for (const p of pages) await waitForStatus(p, 'ended', 15000);
    console.log(`# cross-tab: OP back, every tab ended after ${Date.now() - upAt} ms`);
    for (const p of pages) {
      assert.equal(await p.getByTestId('session-reason').textContent(), 'op-logout');
    }
    assert.equal(op.count(PROMPT_NONE), 1, 'one silent re-check after the outage');
  });
});

describe(
  'cross-tab, cross-site OP: unsupported, no false logout',
  { skip: !APP, timeout: 300000 },
  () => {
    let op;
    let server;
    let browser;

    before(async () => {
      buildApp(APP, OP_CROSS_SITE);
      op = await startOp(OP_CROSS_SITE, { env: OP_ENV });
      server = await serveApp(APP, OP_CROSS_SITE);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await op?.stop();
    });

    test('five tabs stay unsupported (third-party-cookies-blocked) for 60 s: no logout, no loop', async () => {
      browser = await launchBrowser();
      const pages = await openTabs(browser, 5, { status: 'unsupported' });
      for (const p of pages) {
        assert.equal(
          await p.getByTestId('session-reason').textContent(),
          'third-party-cookies-blocked',
        );
        await recordStatuses(p);
      }
      const authorizeBefore = op.count(/^authorize /);
      const start = Date.now();
      await pages[0].waitForTimeout(60000); // the observation window itself
      for (const p of pages) {
        assert.deepEqual([...new Set(await statusLog(p))], ['unsupported']);
        assert.ok((await snapshotOf(p)).user, 'the user is kept');
      }
      assert.equal(op.count(/^authorize /), authorizeBefore, 'authorize requests while watching');
      assert.equal(op.count(PROMPT_NONE), 0);
      console.log(
        `# cross-tab cross-site: ${Math.round((Date.now() - start) / 1000)} s unsupported, 0 authorize requests`,
      );
    });
  },
);
