// Debian Chromium through playwright-core (no downloaded browser), and page helpers that wait on
// conditions, never on fixed sleeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The Chromium flags of every harness here (e2e, bench, the screenshots, the dev OP smoke script). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser profile (no cookies, default third-party cookie blocking). */
export async function launchBrowser() {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-session-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const statusOf = (page) => page.getByTestId('session-status').textContent();

/** Wait until the app shows `status`; returns how long it took (ms). */
export async function waitForStatus(page, status, timeout = 15000) {
  const start = Date.now();
  await page.waitForFunction(
    (s) => document.querySelector('[data-testid="session-status"]')?.textContent === s,
    status,
    { timeout, polling: 20 },
  );
  return Date.now() - start;
}

/**
 * Sign in through the app's button and the dev OP's pages (login, then consent). Either page may
 * be skipped by SSO or an earlier consent.
 */
export async function signIn(
  page,
  appOrigin,
  { user = 'alice', query = '', until = 'active' } = {},
) {
  await page.goto(`${appOrigin}/${query}`);
  await signInAtOp(page, appOrigin, user);
  await waitForStatus(page, until);
}

/**
 * From an app page: click its sign-in button and go through the dev OP's login and consent pages
 * (either may be skipped) until the browser is back on an app page other than the callback.
 */
export async function signInAtOp(page, appOrigin, user = 'alice') {
  // Done once the main frame has been to the OP (or the callback) and is back on an app page.
  let left = false;
  const onNavigated = (frame) => {
    if (frame !== page.mainFrame()) return;
    const u = new URL(frame.url());
    if (u.origin !== appOrigin || u.pathname.startsWith('/callback')) left = true;
  };
  page.on('framenavigated', onNavigated);
  await page.getByTestId('sign-in').click();
  const login = page.locator('input[name="login"]');
  const consent = page.locator('button[type="submit"]', { hasText: 'Continue' });
  const deadline = Date.now() + 30000;
  try {
    for (;;) {
      const u = new URL(page.url());
      if (left && u.origin === appOrigin && !u.pathname.startsWith('/callback')) break;
      if (Date.now() > deadline)
        throw new Error(`sign-in did not come back to the app (at ${u.href})`);
      if (await login.isVisible().catch(() => false)) {
        await login.fill(user);
        await page.locator('input[name="password"]').fill('any-password');
        await page.locator('button[type="submit"]', { hasText: 'Sign-in' }).click();
      } else if (await consent.isVisible().catch(() => false)) {
        await consent.click();
      } else {
        // Between redirects there is nothing to wait on but the next URL: poll it.
        await page.waitForTimeout(50);
      }
    }
  } finally {
    page.off('framenavigated', onNavigated);
  }
}

/** End the OP session from another tab, the way a user would on the OP's own page. */
export async function endSessionAtOp(context, opOrigin) {
  const tab = await context.newPage();
  await tab.goto(`${opOrigin}/session/end`);
  const started = Date.now();
  await tab.locator('button[name="logout"][value="yes"]').click();
  return { tab, started };
}

/** Record every status the app goes through, from now on. */
export async function recordStatuses(page) {
  await page.evaluate(() => {
    const s = window.__oidcSession;
    window.__statusLog = [s.getSnapshot().status];
    s.subscribe(() => window.__statusLog.push(s.getSnapshot().status));
  });
}

export const statusLog = (page) => page.evaluate(() => window.__statusLog);
export const stats = (page) => page.evaluate(() => window.__oidcSession.getStats());
