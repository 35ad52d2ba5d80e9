#!/usr/bin/env node
// Manual smoke test of the Vue demo in a real Chromium against the real dev OP (not part of
// `pnpm test`; the e2e suite covers the same ground once the app is in its list):
//   node scripts/browser-smoke.mjs                 # Vite dev server
//   node scripts/browser-smoke.mjs preview         # `vite build` + `vite preview`
//   node scripts/browser-smoke.mjs cross-site      # OP on 127.0.0.1: third-party cookies blocked
//   node scripts/browser-smoke.mjs --screenshots   # also save docs/screenshots/vue-demo-*.png
// Env: CHROMIUM (default /usr/bin/chromium), HEADED=1 to watch, OP_PORT (default 4011).
//
// Same-site (default): signs in (login + consent), expects `active`; ends the OP session in a
// second tab (front-channel call blocked, so only the poll can see it) and expects `ended` in the
// first; then the same with front-channel logout and no poll. Cross-site: expects `unsupported`
// (third-party-cookies-blocked) after sign-in and no change for 10 s. Both then sign in (again)
// and sign out through the app (RP-initiated logout), and expect `signed-out` after the return.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, signInAtOp, statusOf, waitForStatus } from '../../../e2e/lib/browser.mjs';

import { startDevOp } from '../../dev-op/src/index.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const VITE = `${APP_DIR}node_modules/vite/bin/vite.js`;
const crossSite = process.argv.includes('cross-site');
// OP_PORT moves the OP off 4011 (e.g. while another demo's OP is running there).
const OP_PORT = process.env.OP_PORT || '4011';
const OP = `http://${crossSite ? '127.0.0.1' : 'localhost'}:${OP_PORT}`;
const APP = 'http://localhost:5174';
const CLIENT = 'vue-demo';
const mode = process.argv.includes('preview') ? 'preview' : 'dev';
const screenshots = process.argv.includes('--screenshots');

const log = (line) => console.log(line);

/** Start the app the way a developer (dev) or the e2e harness (preview) does; resolve when it answers. */
async function startApp() {
  const env = { ...process.env, OP_ORIGIN: OP };
  const t0 = Date.now();
  const outDir = 'dist';
  if (mode === 'preview') {
    const build = spawnSync(
      process.execPath,
      [VITE, 'build', '--outDir', outDir, '--logLevel', 'warn'],
      { cwd: APP_DIR, env, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}`);
    log(`  vite build: ${Date.now() - t0} ms`);
  }
  const args =
    mode === 'preview'
      ? [
          VITE,
          'preview',
          '--outDir',
          outDir,
          '--port',
          '5174',
          '--strictPort',
          '--host',
          'localhost',
        ]
      : [VITE];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => process.stderr.write(`  vite| ${d}`));
  // Dependency optimisation reloads the page in dev: worth seeing when a check fails.
  child.stdout.on(
    'data',
    (d) => /reload|optimi[sz]/i.test(String(d)) && log(`  vite| ${String(d).trim()}`),
  );
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited with ${child.exitCode}`);
    const ok = await fetch(`${APP}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('vite did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  log(`  ${mode} server ready after ${Date.now() - t0} ms`);
  return () => {
    child.kill('SIGTERM');
    return new Promise((r) => child.once('exit', r));
  };
}

const status = statusOf;
const testText = (page, id) => page.getByTestId(id).textContent();

/** The app's sign-in button and the OP's pages, then the status the app should show. */
async function signIn(page, user, until = crossSite ? 'unsupported' : 'active') {
  await signInAtOp(page, APP, user);
  await waitForStatus(page, until);
}

/** Log out at the OP in a second tab, the way a person would; returns when it was confirmed. */
async function endSessionAtOp(context) {
  const tab = await context.newPage();
  await tab.goto(`${OP}/session/end`);
  const started = Date.now();
  await tab.locator('button[name="logout"][value="yes"]').click();
  return { tab, started };
}

const opLines = [];
const op = await startDevOp({ origin: OP, log: (line) => opLines.push(line) });
let stopApp = async () => {};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: !process.env.HEADED,
  args: CHROMIUM_ARGS.filter((a) => !process.env.HEADED || a !== '--headless'),
});
const failures = [];
const check = (ok, what) => {
  log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

async function newPage(context) {
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    log(`  page error| ${e.message}`);
    failures.push(`page error: ${e.message}`);
  });
  page.on('console', (m) => m.type() === 'error' && log(`  console.error| ${m.text()}`));
  return page;
}

/** Sign out through the app: OP end-session page, confirm, back on /logout-callback -> signed-out. */
async function signOutThroughApp(page) {
  await page.getByTestId('sign-out').click();
  await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
  const endSession = new URL(page.url());
  check(
    endSession.searchParams.get('client_id') === CLIENT &&
      !!endSession.searchParams.get('id_token_hint') &&
      /^[0-9a-f]{32}$/.test(endSession.searchParams.get('state') ?? ''),
    'end-session request carries client_id, id_token_hint and state',
  );
  await page.locator('button[name="logout"][value="yes"]').click();
  await page.waitForURL((u) => u.origin === APP);
  await waitForStatus(page, 'signed-out');
  check((await page.getByTestId('signout-error').count()) === 0, 'signed out, no signout-error');
  check((await testText(page, 'session-user')) === '', 'no user after sign-out');
  check(new URL(page.url()).pathname === '/', 'back on / after the post-logout return');
}

async function crossSiteScenario() {
  const context = await browser.newContext({ viewport: { width: 760, height: 560 } });
  const page = await newPage(context);
  await page.goto(`${APP}/`);
  await waitForStatus(page, 'signed-out');
  await signIn(page, 'alice');
  check(
    (await testText(page, 'session-reason')) === 'third-party-cookies-blocked',
    'unsupported: third-party-cookies-blocked',
  );
  check((await testText(page, 'session-user')) === 'alice', 'user kept');
  await page.evaluate(() => {
    window.__statuses = [];
    window.__oidcSession.subscribe(() =>
      window.__statuses.push(window.__oidcSession.getSnapshot().status),
    );
  });
  await new Promise((r) => setTimeout(r, 10000));
  const seen = await page.evaluate(() => window.__statuses);
  check(seen.length === 0, `no status change in 10 s (${seen.join(',') || 'none'})`);
  await signOutThroughApp(page);
  await context.close();
}

async function sameSiteScenario() {
  const context = await browser.newContext({ viewport: { width: 760, height: 560 } });
  // Part 1: only the poll may see the logout, so the OP's front-channel call is blocked. (Not the
  // glob '**/frontchannel-logout*': in dev it would also block core's frontchannel-logout.ts.)
  const frontchannel = (url) => url.pathname === '/frontchannel-logout';
  await context.route(frontchannel, (route) => route.abort());
  const page = await newPage(context);
  // What the silent re-check iframe loads: its page and main.ts, never the app (boot chunk).
  const silentLoads = [];
  page.on('request', (r) => {
    const frameUrl = r.frame().url();
    if (r.url().includes('/silent-callback') || frameUrl.includes('/silent-callback')) {
      silentLoads.push(new URL(r.url()).pathname);
    }
  });

  // 1. Sign in -> active.
  await page.goto(`${APP}/`);
  await waitForStatus(page, 'signed-out');
  await signIn(page, 'alice');
  check((await status(page)) === 'active', 'signed in: active');
  check((await testText(page, 'session-user')) === 'alice', 'session-user is alice');
  await page.waitForFunction(() => window.__oidcSession.getStats().unchanged >= 2, null, {
    timeout: 8000,
  });
  check(
    (await page.locator('iframe[src$="/session/check"]').count()) === 1,
    'one check_session iframe',
  );
  // Between two polls, so the "last checked" figure reads like a person would see it.
  await page.waitForFunction(() => /[1-9] s ago/.test(document.body.textContent ?? ''), null, {
    timeout: 5000,
  });
  check(true, 'the "last checked" figure ticks');
  if (screenshots) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}vue-demo-active.png` });
  }

  // 2. End the OP session in another tab -> ended in the first, found by the poll.
  const { tab, started } = await endSessionAtOp(context);
  await waitForStatus(page, 'ended', 10000);
  const elapsed = Date.now() - started;
  check(elapsed <= 3000, `ended ${elapsed} ms after the logout in another tab (<= 3000)`);
  check((await testText(page, 'session-reason')) === 'op-logout', 'reason op-logout');
  check((await testText(page, 'session-user')) === '', 'no user after ended');
  check(
    opLines.filter((l) => new RegExp(`^authorize client=${CLIENT} prompt=none$`).test(l)).length ===
      1,
    'exactly one silent re-check went to the OP (prompt=none)',
  );
  check(
    silentLoads.some((p) => p === '/silent-callback') && !silentLoads.some((p) => /boot/.test(p)),
    `the silent-callback iframe loaded no app code (${[...new Set(silentLoads)].join(' ')})`,
  );
  await tab.close();
  if (screenshots) await page.screenshot({ path: `${SHOTS}vue-demo-ended.png` });
  await context.unroute(frontchannel);

  // 3. Front-channel logout, with a one-minute interval so the poll cannot be what ends it.
  await page.goto(`${APP}/?interval=60000`);
  await waitForStatus(page, 'signed-out');
  await signIn(page, 'carol');
  await page.waitForFunction(() => window.__oidcSession.getStats().unchanged === 1);
  const fc = await endSessionAtOp(context);
  await waitForStatus(page, 'ended', 5000);
  check(
    (await testText(page, 'session-reason')) === 'frontchannel-logout',
    `front-channel logout: ended after ${Date.now() - fc.started} ms, reason frontchannel-logout`,
  );
  check((await page.evaluate(() => window.__oidcSession.getStats().posted)) === 1, 'no poll ran');
  await fc.tab.close();

  // 4. Sign in again, sign out through the app -> OP end-session -> /logout-callback -> signed-out.
  await page.goto(`${APP}/?interval=2000`);
  await waitForStatus(page, 'signed-out');
  await signIn(page, 'bob');
  await signOutThroughApp(page);

  // 5. A return with no state is refused, visibly.
  await page.goto(`${APP}/logout-callback`);
  const error = page.getByTestId('signout-error');
  await error.waitFor();
  check(
    /signout-state-missing/.test((await error.textContent()) ?? ''),
    'signout-state-missing shown',
  );

  // 6. The front-channel logout page, called with a foreign iss: ignored.
  await page.goto(`${APP}/frontchannel-logout?iss=x&sid=y`);
  await page.getByText(/^front-channel logout: ignored/).waitFor();
  check(true, `front-channel page: ${await testText(page, 'frontchannel-outcome')}`);

  // 7. Unknown paths get the app (SPA fallback), which says so.
  await page.goto(`${APP}/no/such/page`);
  await page.getByText('Nothing here.').waitFor();
  check(true, 'unknown path: the app renders its not-found view');
  await context.close();
}

try {
  stopApp = await startApp();
  await (crossSite ? crossSiteScenario() : sameSiteScenario());
} catch (err) {
  log(`  FAIL ${err.message.split('\n')[0]}`);
  for (const p of browser.contexts().flatMap((c) => c.pages())) {
    log(
      `  page ${p.url()}: ${(
        await p
          .locator('body')
          .innerText()
          .catch(() => '?')
      ).replace(/\s+/g, ' ')}`,
    );
  }
  log(`  op log:\n    ${opLines.join('\n    ')}`);
  failures.push(err.message);
} finally {
  await browser.close();
  await stopApp();
  await op.close();
}
log(failures.length ? `${failures.length} failed` : 'all checks passed');
process.exit(failures.length ? 1 : 0);
