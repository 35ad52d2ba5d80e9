// Debian Chromium through playwright-core (no downloaded browser), and page helpers that wait on
// conditions, never on fixed sleeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = [
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
    args: ARGS,
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
  await page.getByTestId('sign-in').click();
  const login = page.locator('input[name="login"]');
  const consent = page.locator('button[type="submit"]', { hasText: 'Continue' });
  for (;;) {
    await page.waitForURL((u) => u.origin === appOrigin || u.pathname.startsWith('/interaction/'));
    const url = new URL(page.url());
    if (url.origin === appOrigin && !url.pathname.startsWith('/callback')) break;
    if (url.origin === appOrigin) {
      await page.waitForURL((u) => !u.pathname.startsWith('/callback'));
      break;
    }
    await Promise.race([login.waitFor(), consent.waitFor()]);
    if (await login.isVisible()) {
      await login.fill(user);
      await page.locator('input[name="password"]').fill('any-password');
      await page.locator('button[type="submit"]', { hasText: 'Sign-in' }).click();
    } else {
      await consent.click();
    }
    await page.waitForURL((u) => u.href !== url.href);
  }
  await waitForStatus(page, until);
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
