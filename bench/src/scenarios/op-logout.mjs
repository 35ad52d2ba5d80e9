// "Logout in another application -> detected": the user ends the OP session on the OP's own page
// in another tab (what another app's sign-out or the OP's account page does); the time until the
// subject's tab shows it. The click lands at a set phase of the poll cycle (see opLogoutTrials).
import { newContext } from '../lib/browser.mjs';
import { prepareOpLogout, signInFresh, waitPolling, waitShown } from '../lib/flows.mjs';
import { sleep, stratifiedPhases } from '../lib/stats.mjs';

/** Resolves with the time the page next receives an answer from the OP iframe. */
const nextAnswer = (page, opOrigin) =>
  page.evaluate(
    (op) =>
      new Promise((resolve) => {
        const on = (e) => {
          if (e.origin !== op) return;
          removeEventListener('message', on, true);
          resolve(Date.now());
        };
        addEventListener('message', on, true);
      }),
    opOrigin,
  );

/**
 * Each trial waits for a check's answer, then confirms the logout `phase` ms later. The phases are
 * spread evenly over one interval and are the same for every subject (stratifiedPhases), so the
 * median compares the libraries rather than where the clicks happened to land: with random
 * phases, the median of 30 trials moved by about ±interval/11 from run to run.
 *
 * Per trial: `detected` (click → shown), `phase` (the last answer before the click → click) and
 * `reaction` (the first `changed` answer after the click → shown: the library's own part, the
 * silent re-check and the render, without the wait for the next poll), and `stale`: the trials in
 * which a poll after the click still answered `unchanged` (it came before the OP's logout response
 * changed the cookie), which adds one interval.
 *
 * A new tab per trial: @oidc-session/core's loop breaker keeps its count in sessionStorage and
 * would turn the fourth sign-in + logout within 5 minutes in one tab into `error (reauth-loop)`
 * (see docs/bench/results.md); that is not what this measures.
 * @returns {Promise<{ detected: number[], reaction: number[], phase: number[], stale: number, missed: number }>}
 */
export async function opLogoutTrials({ browser, op, subject, interval, trials, log }) {
  const ctx = await newContext(browser, op.issuer);
  const { context } = ctx;
  const detected = [];
  const reaction = [];
  const phase = [];
  let missed = 0;
  let stale = 0;
  const phases = stratifiedPhases(trials, interval);
  try {
    for (let i = 0; i < trials; i++) {
      const page = await context.newPage();
      await signInFresh(page, subject, interval);
      await waitPolling([page], subject, op.issuer);
      const logout = await prepareOpLogout(ctx, op.issuer);
      const confirm = await logout.arm();
      const answered = await nextAnswer(page, op.issuer);
      await sleep(Math.max(0, answered + phases[i] - Date.now()));
      const t0 = await confirm();
      try {
        const at = await waitShown(page, ['ended', 'signed-out'], t0, 3 * interval + 10000);
        detected.push(at - t0);
        const answers = await page.evaluate(() => window.__opAnswers);
        const before = answers.filter((a) => a.at <= t0).at(-1);
        const changed = answers.find((a) => a.at >= t0 && a.answer === 'changed');
        if (before) phase.push(t0 - before.at);
        if (changed) reaction.push(at - changed.at);
        // A poll between the click and the OP's logout response still sees the session.
        if (
          answers.some((a) => a.at >= t0 && a.at < (changed?.at ?? at) && a.answer === 'unchanged')
        )
          stale++;
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
  return { detected, reaction, phase, stale, missed };
}
