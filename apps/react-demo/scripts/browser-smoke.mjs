#!/usr/bin/env node
// Manual smoke test of the React demo in a real Chromium against the real dev OP (not part of
// `pnpm test`; the e2e suite covers the same ground):
//   node scripts/browser-smoke.mjs                 # Vite dev server
//   node scripts/browser-smoke.mjs preview         # `vite build` + `vite preview`
//   node scripts/browser-smoke.mjs cross-site      # OP on 127.0.0.1: third-party cookies blocked
//   node scripts/browser-smoke.mjs --screenshots   # also save docs/screenshots/react-demo-*.png
// Env: CHROMIUM (default /usr/bin/chromium), HEADED=1 to watch.
//
// Same-site (default): signs in (login + consent), expects `active`; ends the OP session in a
// second tab and expects `ended` in the first. Cross-site: expects `unsupported`
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
const OP = crossSite ? 'http://127.0.0.1:4011' : 'http://localhost:4011';
const APP = 'http://localhost:5173';
const mode = process.argv.includes('preview') ? 'preview' : 'dev';
const screenshots = process.argv.includes('--screenshots');

const log = (line) => console.log(line);

/** Start the app the way a developer (dev) or the e2e harness (preview) does; resolve when it answers. */
async function startApp() {
  const env = { ...process.env, OP_ORIGIN: OP };
  const t0 = Date.now();
  if (mode === 'preview') {
    const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
      cwd: APP_DIR,
      env,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}`);
    log(`  vite build: ${Date.now() - t0} ms`);
  }
  const args = mode === 'preview' ? [VITE, 'preview', '--strictPort'] : [VITE];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => process.stderr.write(`  vite| ${d}`));
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

/** The app's sign-in button and the OP's pages, then the status the app should show. */
async function signIn(page, user, until = crossSite ? 'unsupported' : 'active') {
  await signInAtOp(page, APP, user);
  await waitForStatus(page, until);
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
async function scenario() {
  const context = await browser.newContext({ viewport: { width: 760, height: 560 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error| ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && log(`  console.error| ${m.text()}`));
  // What the silent re-check iframe loads: its page and main.tsx, never the app (boot chunk).
  const silentLoads = [];
  page.on('request', (r) => {
    const frameUrl = r.frame().url();
    if (r.url().includes('/silent-callback') || frameUrl.includes('/silent-callback')) {
      silentLoads.push(new URL(r.url()).pathname);
    }
  });

  if (crossSite) {
    // 1. Sign in -> unsupported: the positive control caught the cookie-less OP iframe.
    await page.goto(`${APP}/`);
    await waitForStatus(page, 'signed-out');
    await signIn(page, 'alice');
    check(
      (await page.getByTestId('session-reason').textContent()) === 'third-party-cookies-blocked',
      'unsupported: third-party-cookies-blocked',
    );
    check((await page.getByTestId('session-user').textContent()) === 'alice', 'user kept');
    await page.evaluate(() => {
      window.__statuses = [];
      window.__oidcSession.subscribe(() =>
        window.__statuses.push(window.__oidcSession.getSnapshot().status),
      );
    });
    await new Promise((r) => setTimeout(r, 10000));
    const seen = await page.evaluate(() => window.__statuses);
    check(seen.length === 0, `no status change in 10 s (${seen.join(',') || 'none'})`);
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.waitForURL((u) => u.origin === APP);
    await waitForStatus(page, 'signed-out');
    check((await page.getByTestId('signout-error').count()) === 0, 'signed out, no signout-error');
    await context.close();
    return;
  }

  // 1. Sign in -> active.
  await page.goto(`${APP}/`);
  await waitForStatus(page, 'signed-out');
  await signIn(page, 'alice');
  check((await status(page)) === 'active', 'signed in: active');
  check(
    (await page.getByTestId('session-user').textContent()) === 'alice',
    'session-user is alice',
  );
  await page.waitForFunction(() => window.__oidcSession.getStats().unchanged >= 2, null, {
    timeout: 8000,
  });
  check(
    (await page.locator('iframe[src$="/session/check"]').count()) === 1,
    'one check_session iframe',
  );
  if (screenshots) {
    mkdirSync(SHOTS, { recursive: true });
    // Between two polls, so the "last checked" figure reads like a person would see it.
    await page.waitForFunction(() => /[1-9] s ago/.test(document.body.textContent ?? ''), null, {
      timeout: 5000,
    });
    await page.screenshot({ path: `${SHOTS}react-demo-active.png` });
  }

  // 2. End the OP session in another tab -> ended in the first.
  const other = await context.newPage();
  await other.goto(`${OP}/session/end`);
  const started = Date.now();
  await other.locator('button[name="logout"][value="yes"]').click();
  await waitForStatus(page, 'ended', 10000);
  const elapsed = Date.now() - started;
  check(elapsed <= 3000, `ended ${elapsed} ms after the logout in another tab (<= 3000)`);
  check(
    (await page.getByTestId('session-reason').textContent()) === 'op-logout',
    'reason op-logout',
  );
  check((await page.getByTestId('session-user').textContent()) === '', 'no user after ended');
  check(
    opLines.some((l) => /^authorize client=react-demo prompt=none$/.test(l)),
    'the silent re-check went to the OP (prompt=none)',
  );
  check(
    silentLoads.some((p) => p === '/silent-callback') && !silentLoads.some((p) => /boot/.test(p)),
    `the silent-callback iframe loaded no app code (${[...new Set(silentLoads)].join(' ')})`,
  );
  await other.close();
  if (screenshots) await page.screenshot({ path: `${SHOTS}react-demo-ended.png` });

  // 3. Sign in again, sign out through the app -> OP end-session -> /logout-callback -> signed-out.
  await signIn(page, 'bob');
  await page.getByTestId('sign-out').click();
  await page.waitForURL((u) => u.origin === OP && u.pathname.startsWith('/session/end'));
  const endSession = new URL(page.url());
  check(
    endSession.searchParams.get('client_id') === 'react-demo' &&
      !!endSession.searchParams.get('id_token_hint') &&
      !!endSession.searchParams.get('state'),
    'end-session request carries client_id, id_token_hint and state',
  );
  await page.locator('button[name="logout"][value="yes"]').click();
  await page.waitForURL((u) => u.origin === APP);
  await waitForStatus(page, 'signed-out');
  check((await page.getByTestId('signout-error').count()) === 0, 'no signout-error');
  check(new URL(page.url()).pathname === '/', 'back on / after the post-logout return');

  // 4. A return with no state is refused, visibly.
  await page.goto(`${APP}/logout-callback`);
  const error = page.getByTestId('signout-error');
  await error.waitFor();
  check(
    /signout-state-missing/.test((await error.textContent()) ?? ''),
    'signout-state-missing shown',
  );

  // 5. The front-channel logout page renders its placeholder only.
  await page.goto(`${APP}/frontchannel-logout?iss=x&sid=y`);
  await page.getByText('front-channel logout: not handled yet').waitFor();
  check(true, 'front-channel logout placeholder');
  await context.close();
}

try {
  stopApp = await startApp();
  await scenario();
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
