#!/usr/bin/env node
// `npm run screenshots`, while `npm run demo` runs (same-site, the default): for each demo, signs
// in in one tab, opens a second tab that follows it, lets a few checks come in, then ends the OP
// session from a third tab. Saves docs/screenshots/<app>-demo-active.png and -ended.png (the
// first tab, with its event timeline) for the README.
import { mkdirSync } from 'node:fs';
import { endSessionAtOp, launchBrowser, signIn, waitForStatus } from '../e2e/lib/browser.mjs';
import { ROOT, step } from './lib/toolchain.mjs';

const OP = (process.env.OP_ORIGIN || 'http://localhost:4011').replace(/\/$/, '');
const APPS = [
  { name: 'react', port: 5173 },
  { name: 'vue', port: 5174 },
  { name: 'angular', port: 4200 },
].filter((app) => !process.env.APPS || process.env.APPS.split(',').includes(app.name));
const DIR = `${ROOT}/docs/screenshots`;

/** Wait until the timeline's newest quiet check has repeated `n` times. */
function waitForRepeats(page, n) {
  return page.waitForFunction(
    (min) =>
      [...document.querySelectorAll('[data-testid="timeline"] li .count')].some(
        (el) => Number((el.textContent ?? '').slice(1)) >= min,
      ),
    n,
    { timeout: 30000 },
  );
}

mkdirSync(DIR, { recursive: true });
for (const app of APPS) {
  const origin = `http://localhost:${app.port}`;
  step(`${app.name} demo at ${origin}`);
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 900 });
    await signIn(page, origin);
    const follower = await browser.context.newPage();
    await follower.goto(origin);
    await waitForStatus(follower, 'active');
    await page.bringToFront();
    await waitForRepeats(page, 3);
    await page.screenshot({ path: `${DIR}/${app.name}-demo-active.png`, fullPage: true });
    const { tab } = await endSessionAtOp(browser.context, OP);
    await waitForStatus(page, 'ended');
    await waitForStatus(follower, 'ended');
    await tab.close();
    await page.bringToFront();
    await page.screenshot({ path: `${DIR}/${app.name}-demo-ended.png`, fullPage: true });
    process.stdout.write(`saved docs/screenshots/${app.name}-demo-{active,ended}.png\n`);
  } finally {
    await browser.close();
  }
}
