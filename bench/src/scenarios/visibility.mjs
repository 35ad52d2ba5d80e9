// "Tab becomes visible -> checked": the tab is hidden for a random time (at least one poll
// interval), then shown; the time until the OP iframe receives a check. Also the checks per
// minute while the tab is hidden. (Visibility is simulated, see lib/browser.mjs.)
import { newContext, opFrames } from '../lib/browser.mjs';
import { signInFresh, until, waitPolling } from '../lib/flows.mjs';
import { randomPhase, sleep } from '../lib/stats.mjs';

const allMessages = async (page, opOrigin) =>
  (await opFrames([page], opOrigin)).flatMap((f) => f.messages).sort((a, b) => a - b);

export async function visibilityTrials({ browser, op, subject, interval, trials, hiddenMs }) {
  const { context } = await newContext(browser, op.issuer);
  const page = await context.newPage();
  const checked = [];
  let missed = 0;
  let hiddenChecksPerMinute = null;
  try {
    await signInFresh(page, subject, interval);
    await waitPolling([page], subject, op.issuer);

    // Checks while hidden: a long hidden spell.
    const h0 = await page.evaluate(() => window.__setHidden(true));
    await sleep(hiddenMs);
    const h1 = await page.evaluate(() => window.__setHidden(false));
    const hidden = (await allMessages(page, op.issuer)).filter((t) => t > h0 && t <= h1).length;
    hiddenChecksPerMinute = (hidden * 60000) / (h1 - h0);
    await waitPolling([page], subject, op.issuer, h1);

    for (let i = 0; i < trials; i++) {
      await page.evaluate(() => window.__setHidden(true));
      await sleep(interval + randomPhase(interval));
      const shownAt = await page.evaluate(() => window.__setHidden(false));
      try {
        const at = await until(
          'a check after the tab was shown',
          async () => (await allMessages(page, op.issuer)).find((t) => t >= shownAt),
          2 * interval + 2000,
          10,
        );
        checked.push(at - shownAt);
      } catch {
        missed++;
      }
    }
  } finally {
    await context.close();
  }
  return { checked, missed, hiddenChecksPerMinute };
}
