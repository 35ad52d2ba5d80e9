#!/usr/bin/env node
// Manual smoke test of the Angular demo in a real Chromium against the real dev OP (not part of
// `pnpm test`; the e2e suite covers the same ground once it lists this app):
//   node scripts/browser-smoke.mjs                 # production build + scripts/serve-dist.mjs
//   node scripts/browser-smoke.mjs cross-site      # OP on 127.0.0.1: third-party cookies blocked
//   node scripts/browser-smoke.mjs --screenshots   # also save docs/screenshots/angular-demo-*.png
//   node scripts/browser-smoke.mjs --no-build      # reuse the last build in dist-smoke-<host>/
// Env: CHROMIUM (default /usr/bin/chromium), OP_PORT (default 4011). Ports OP_PORT and 4200 must
// be free.
//
// Same-site: sign in (login + consent) -> `active`; quiet polls change nothing in the DOM but the
// "last checked" figure; the OP session ended in a second tab -> `ended` in the first; sign in
// again, sign out through the app -> OP -> /logout-callback -> `signed-out`; a tampered or missing
// `state` on the return is shown. Cross-site: `unsupported` (third-party-cookies-blocked), then
// sign-out.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, signInAtOp } from '../../../e2e/lib/browser.mjs';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHOTS = `${ROOT}docs/screenshots/`;
const crossSite = process.argv.includes('cross-site');
const screenshots = process.argv.includes('--screenshots');
const OP = `http://${crossSite ? '127.0.0.1' : 'localhost'}:${process.env.OP_PORT || 4011}`;
const APP = 'http://localhost:4200';
const OUT_DIR = `dist-smoke-${new URL(OP).hostname.replace(/[^a-z0-9]/gi, '-')}`;
const log = (line) => console.log(line);

/** A child process whose output lines are kept; stop() ends it (by its own pid only). */
function start(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => lines.push(line));
  }
  return {
    lines,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
    async waitFor(test, what, timeout = 20000) {
      const deadline = Date.now() + timeout;
      while (!(await test())) {
        if (child.exitCode !== null)
          throw new Error(`${name} exited: ${lines.slice(-5).join('\n')}`);
        if (Date.now() > deadline) throw new Error(`${name}: no ${what} within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

// Polled from here, not with page.waitForFunction: in this Chromium, a waitForFunction on the first
// tab sometimes never settles (not even at its timeout) while a second tab is in front.
async function waitForStatus(page, value, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = await page
      .evaluate(() => document.querySelector('[data-testid="session-status"]')?.textContent)
      .catch(() => undefined); // mid-navigation
    if (status === value) return;
    if (Date.now() > deadline)
      throw new Error(`status ${status}, not ${value}, after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const text = (page, id) => page.getByTestId(id).textContent();

/** The app's sign-in button and the OP's pages, then the status the app should show. */
async function signIn(page, user, until = crossSite ? 'unsupported' : 'active') {
  await signInAtOp(page, APP, user);
  await waitForStatus(page, until);
}

/** The app's sign-out button, then "yes" on the OP's end-session page; back on the app. */
async function signOutThroughOp(page) {
  await page.getByTestId('sign-out').click();
  await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
  const endSession = new URL(page.url());
  await page.locator('button[name="logout"][value="yes"]').click();
  await page.waitForURL((u) => u.origin === APP);
  return endSession;
}

const failures = [];
const check = (ok, what) => {
  log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

if (!process.argv.includes('--no-build')) {
  const t0 = Date.now();
  const build = spawnSync(process.execPath, ['scripts/ng.mjs', 'build'], {
    cwd: APP_DIR,
    env: { ...process.env, OP_ORIGIN: OP, NG_OUT_DIR: OUT_DIR },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  log(`  production build for ${OP}: ${Date.now() - t0} ms`);
}

const op = start('dev-op', [`${ROOT}apps/dev-op/src/cli.js`], {
  OP_ORIGIN: OP,
  DEV_OP_EXIT_ON_STDIN_END: '1',
});
const server = start('serve-dist', ['scripts/serve-dist.mjs'], { NG_OUT_DIR: OUT_DIR });
let browser;
try {
  await op.waitFor(() => op.lines.some((l) => l.startsWith('dev-op ready ')), 'ready line');
  await server.waitFor(
    () =>
      fetch(`${APP}/`).then(
        (r) => r.ok,
        () => false,
      ),
    'answer',
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 760, height: 600 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error| ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && log(`  console.error| ${m.text()}`));

  await page.goto(`${APP}/`);
  await waitForStatus(page, 'signed-out');
  check(true, 'signed-out before sign-in');
  await signIn(page, 'alice');
  check((await text(page, 'session-user')) === 'alice', 'session-user is alice');

  if (crossSite) {
    check(
      (await text(page, 'session-reason')) === 'third-party-cookies-blocked',
      'unsupported: third-party-cookies-blocked',
    );
  } else {
    await page.waitForFunction(() => window.__oidcSession.getStats().unchanged >= 2, null, {
      timeout: 8000,
    });
    check(
      (await page.locator('iframe[src$="/session/check"]').count()) === 1,
      'one check_session iframe',
    );
    // Quiet polls must not re-render the page: watch the DOM for three polls; only the
    // "N s ago" figure may change.
    const mutations = await page.evaluate(async () => {
      const s = window.__oidcSession;
      const target = s.getStats().unchanged + 3;
      const outside = [];
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          if (!el?.closest('[data-testid="last-checked"]'))
            outside.push(el?.outerHTML.slice(0, 80));
        }
      });
      observer.observe(document.querySelector('main'), {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      while (s.getStats().unchanged < target) await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      return outside;
    });
    check(
      mutations.length === 0,
      `3 quiet polls: no DOM change outside "last checked" (${mutations.length})`,
    );
    if (screenshots) {
      mkdirSync(SHOTS, { recursive: true });
      await page.waitForFunction(() => /[1-9] s ago/.test(document.body.textContent ?? ''), null, {
        timeout: 5000,
      });
      await page.screenshot({ path: `${SHOTS}angular-demo-active.png` });
      log('  saved docs/screenshots/angular-demo-active.png');
    }

    // The OP session ended in a second tab, seen by the poll (the OP's front-channel call to the
    // app is blocked), then again with front-channel logout let through.
    await context.route('**/frontchannel-logout*', (route) => route.abort());
    const endAtOp = async () => {
      const tab = await context.newPage();
      await tab.goto(`${OP}/session/end`);
      const t0 = Date.now();
      await tab.locator('button[name="logout"][value="yes"]').click();
      await waitForStatus(page, 'ended', 5000);
      const elapsed = Date.now() - t0;
      // Close the OP tab only once it has left its logout page: closing it while it navigates
      // (after the front-channel iframes load) sometimes hangs Playwright here.
      await tab.waitForURL((u) => u.pathname.startsWith('/session/end/success'));
      await tab.close();
      return { elapsed, reason: await text(page, 'session-reason') };
    };
    const byPoll = await endAtOp();
    check(
      byPoll.reason === 'op-logout',
      `poll: ended after ${byPoll.elapsed} ms (${byPoll.reason})`,
    );
    check((await text(page, 'session-user')) === '', 'user removed');
    if (screenshots) {
      await page.screenshot({ path: `${SHOTS}angular-demo-ended.png` });
      log('  saved docs/screenshots/angular-demo-ended.png');
    }
    await context.unroute('**/frontchannel-logout*');
    await signIn(page, 'alice');
    const byFrontchannel = await endAtOp();
    check(
      byFrontchannel.reason === 'frontchannel-logout',
      `front-channel: ended after ${byFrontchannel.elapsed} ms (${byFrontchannel.reason})`,
    );
    await signIn(page, 'alice');
  }

  // RP-initiated logout from the app.
  const endSession = await signOutThroughOp(page);
  check(endSession.searchParams.get('client_id') === 'angular-demo', 'end-session client_id');
  check(!!endSession.searchParams.get('id_token_hint'), 'end-session id_token_hint');
  await waitForStatus(page, 'signed-out');
  check((await page.getByTestId('signout-error').count()) === 0, 'signed-out, no signout-error');
  check(new URL(page.url()).pathname === '/', 'back on /');

  // A return with no state at all is shown, not ignored.
  await page.goto(`${APP}/logout-callback`);
  await page.getByTestId('signout-error').waitFor();
  check(
    /signout-state-missing/.test(await text(page, 'signout-error')),
    'signout-state-missing shown',
  );

  // The silent-callback page never starts the app; the front-channel page answers on its own.
  await page.goto(`${APP}/silent-callback`);
  await page.waitForLoadState('load');
  check((await page.locator('app-root').innerHTML()) === '', '/silent-callback does not bootstrap');
  await page.goto(`${APP}/frontchannel-logout`);
  await page.getByTestId('frontchannel-outcome').waitFor();
  check(
    /front-channel logout: ignored \(missing-iss-or-sid\)/.test(
      await text(page, 'frontchannel-outcome'),
    ),
    '/frontchannel-logout page answers',
  );
  await context.close();
} finally {
  await browser?.close();
  await server.stop();
  await op.stop();
}
log(failures.length ? `\n${failures.length} check(s) failed` : '\nall checks passed');
process.exit(failures.length ? 1 : 0);
