// "Logout in another application -> detected": the user ends the OP session on the OP's own page
// in another tab (what another app's sign-out or the OP's account page does); the time until the
// subject's tab shows it. The click lands at a random phase of the poll cycle.
import { newContext } from '../lib/browser.mjs';
import { prepareOpLogout, signInFresh, waitPolling, waitShown } from '../lib/flows.mjs';
import { randomPhase, sleep } from '../lib/stats.mjs';

/**
 * A new tab per trial: @oidc-session/core's loop breaker keeps its count in sessionStorage and
 * would turn the fourth sign-in + logout within 5 minutes in one tab into `error (reauth-loop)`
 * (see docs/bench/results.md); that is not what this measures.
 * @returns {Promise<{ detected: number[], missed: number }>}
 */
export async function opLogoutTrials({ browser, op, subject, interval, trials, log }) {
  const ctx = await newContext(browser, op.issuer);
  const { context } = ctx;
  const detected = [];
  let missed = 0;
  try {
    for (let i = 0; i < trials; i++) {
      const page = await context.newPage();
      await signInFresh(page, subject, interval);
      await waitPolling([page], subject, op.issuer);
      const logout = await prepareOpLogout(ctx, op.issuer);
      await sleep(randomPhase(interval));
      const t0 = await logout.confirm();
      try {
        const at = await waitShown(page, ['ended', 'signed-out'], t0, 3 * interval + 10000);
        detected.push(at - t0);
      } catch {
        missed++;
        const shown = await page.evaluate(() =>
          window.__bench?.log.map((e) => e.status + (e.reason ? `(${e.reason})` : '')).join(' > '),
        );
        log(
          `  ${subject.name}: trial ${i + 1} not detected within ${3 * interval + 10000} ms (${shown})`,
        );
      }
      await logout.close();
      await page.close();
    }
  } finally {
    await context.close();
  }
  return { detected, missed };
}
