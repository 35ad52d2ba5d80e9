// Debian Chromium through playwright-core, one fresh context per subject, and the probes the
// bench reads: messages reaching the OP iframe, a controllable document visibility, requests,
// and the renderer's own counters (CDP Performance.getMetrics).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../e2e/lib/browser.mjs';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Runs in every frame of every page, before the page's scripts.
 * - In the OP's check_session iframe: record the time of each message it receives (one per check,
 *   whatever the library), so checks are counted the same way for every subject.
 * - In an app's top window: the OP iframe's answers with their times (`__opAnswers`), and
 *   `document.visibilityState` under the bench's control (`__setHidden`).
 *   Headless Chromium reports every tab as visible, so "the tab becomes visible" is simulated:
 *   the property changes and `visibilitychange` is dispatched, as a browser does.
 */
function probes(opOrigin) {
  if (location.origin === opOrigin) {
    if (location.pathname !== '/session/check') return;
    window.__opMessages = [];
    window.addEventListener('message', () => window.__opMessages.push(Date.now()), true);
    return;
  }
  if (window.top !== window) return;
  // What the OP iframe answered this app window, and when (before the app's own listeners).
  window.__opAnswers = [];
  window.addEventListener(
    'message',
    (e) => {
      if (e.origin === opOrigin && typeof e.data === 'string') {
        window.__opAnswers.push({ at: Date.now(), answer: e.data });
      }
    },
    true,
  );
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  window.__setHidden = (value) => {
    hidden = value;
    const at = Date.now();
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    return at;
  };
}

/** A fresh context with the probes, and a log of every request its pages (and frames) make. */
export async function newContext(browser, opOrigin) {
  const context = await browser.newContext();
  await context.addInitScript(probes, opOrigin);
  // Pages report the exact time of a user action through this (see markClick).
  const marks = new Map();
  await context.exposeFunction('__benchMark', (name, at) => marks.set(name, at));
  const requests = [];
  context.on('request', (r) => {
    let top = null; // the origin of the tab that made it (an app tab, or the OP's own tab)
    try {
      top = new URL(r.frame().page().url()).origin;
    } catch {
      // not from a page (e.g. a service worker)
    }
    requests.push({ at: Date.now(), url: r.url(), method: r.method(), top });
  });
  return { context, requests, marks };
}

/**
 * Get ready to click `locator`: resolves with a function that clicks and returns the time the page
 * received the click (a capture listener on the element reports it), so the driver's own latency
 * is not counted. Arming first leaves only the click itself between the call and the click.
 */
export async function armClick(context, marks, locator) {
  const name = `click-${Math.random().toString(36).slice(2)}`;
  await locator.evaluate(
    (el, mark) =>
      el.addEventListener('click', () => window.__benchMark(mark, Date.now()), {
        capture: true,
        once: true,
      }),
    name,
  );
  return async () => {
    const before = Date.now();
    await locator.click();
    for (let i = 0; i < 200 && !marks.has(name); i++) await new Promise((r) => setTimeout(r, 5));
    return marks.get(name) ?? before;
  };
}

/** Click `locator` and return the time the page received the click (see armClick). */
export async function markClick(context, marks, locator) {
  return (await armClick(context, marks, locator))();
}

export const isCheckSessionFrame = (frame, opOrigin) =>
  frame.url().startsWith(`${opOrigin}/session/check`);

/**
 * Every OP check_session iframe of these pages, with the times of the messages it received.
 * A frame that is gone (removed, navigated) is not counted.
 */
export async function opFrames(pages, opOrigin) {
  const out = [];
  for (const page of pages) {
    for (const frame of page.frames()) {
      if (!isCheckSessionFrame(frame, opOrigin)) continue;
      const messages = await frame.evaluate(() => window.__opMessages ?? []).catch(() => null);
      if (messages) out.push({ page, frame, messages });
    }
  }
  return out;
}

/** Messages the OP iframes of `pages` received in [from, to). */
export async function messagesBetween(pages, opOrigin, from, to = Infinity) {
  const frames = await opFrames(pages, opOrigin);
  return frames.reduce((n, f) => n + f.messages.filter((t) => t >= from && t < to).length, 0);
}

/** The renderer's counters for one page (CDP Performance domain). */
export async function metricsProbe(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return {
    cdp,
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
  };
}

/** The page's status log and counters. */
export const benchState = (page) =>
  page.evaluate(() => ({
    status: window.__bench?.status,
    log: window.__bench?.log ?? [],
    counters: window.__bench?.counters() ?? {},
  }));
