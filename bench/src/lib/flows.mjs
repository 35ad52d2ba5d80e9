// What a user does in the bench: sign in, open more tabs, log out at the OP or in a tab; and the
// condition every measurement starts from (the subject is polling the OP iframe).
import { signIn } from '../../../e2e/lib/browser.mjs';
import { armClick, markClick, opFrames } from './browser.mjs';
import { sleep } from './stats.mjs';

/** Poll a condition from Node (no fixed sleep: returns as soon as it holds). */
export async function until(what, test, timeout = 20000, every = 25) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${what}`);
    await sleep(every);
  }
}

const statusOf = (page) => page.evaluate(() => window.__bench?.status).catch(() => undefined);

/** Sign in from scratch (no user stored) in `page`, with the given poll interval. */
export async function signInFresh(page, subject, interval) {
  await page.goto(`${subject.origin}/?interval=${interval}`);
  await page.evaluate(() => localStorage.clear());
  await signIn(page, subject.origin, { query: `?interval=${interval}` });
}

/**
 * Every tab shows `active` and polls: for a subject whose tabs share one poller (ours, once the
 * cross-tab engine elects a leader) some OP iframe of the context has received a check since
 * `since`; for the others, each tab's own iframe has (oidc-client-ts shows the user before its
 * iframe has loaded). A subject without monitoring (`none`) only has to show `active`.
 */
export async function waitPolling(pages, subject, opOrigin, since = 0) {
  await until(`${subject.name} polling`, async () => {
    const statuses = await Promise.all(pages.map(statusOf));
    if (statuses.some((s) => s !== 'active')) return false;
    if (subject.polls === false) return true;
    const polled = async (group) =>
      (await opFrames(group, opOrigin)).some((f) => f.messages.some((t) => t >= since));
    if (subject.ours) return polled(pages);
    for (const page of pages) if (!(await polled([page]))) return false;
    return true;
  });
}

/** Open `count` more tabs of the signed-in subject (not waiting for them to poll). */
export async function openTabs(context, subject, count, interval) {
  const pages = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${subject.origin}/?interval=${interval}`);
    pages.push(page);
  }
  return pages;
}

/** An OP tab on the end-session page, ready to confirm; `confirm()` clicks and returns the time. */
export async function prepareOpLogout({ context, marks }, opOrigin) {
  const tab = await context.newPage();
  await tab.goto(`${opOrigin}/session/end`);
  const yes = tab.locator('button[name="logout"][value="yes"]');
  await yes.waitFor();
  return {
    confirm: () => markClick(context, marks, yes),
    /** Resolves with a function that confirms at once (see armClick). */
    arm: () => armClick(context, marks, yes),
    async close() {
      // Only once its logout finished navigating: closing mid-navigation can hang the connection.
      await tab
        .waitForURL((u) => u.pathname === '/session/end/success', { timeout: 10000 })
        .catch(() => {});
      await tab.close();
    },
  };
}

/** When `page` first showed one of `statuses` at or after `since` (ms), or null. */
export async function shownAt(page, statuses, since) {
  const log = await page.evaluate(() => window.__bench?.log ?? []).catch(() => []);
  return log.find((e) => e.at >= since && statuses.includes(e.status))?.at ?? null;
}

/** Wait until `page` shows one of `statuses` (after `since`); returns the time it was shown. */
export async function waitShown(page, statuses, since, timeout) {
  return until(`${statuses.join('|')} shown`, () => shownAt(page, statuses, since), timeout, 20);
}
