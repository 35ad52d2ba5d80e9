// "Sign-out in one tab -> the other tabs notice": N tabs of one subject; the user presses the
// app's sign-out button in the first one (RP-initiated logout: the app sends that tab to the OP,
// where the bench confirms at once); the time until each other tab shows it. The press lands at a
// random phase of the poll cycle.
import { markClick, newContext } from '../lib/browser.mjs';
import { openTabs, signInFresh, waitPolling, waitShown } from '../lib/flows.mjs';
import { randomPhase, sleep } from '../lib/stats.mjs';

export async function tabSignOutTrials({ browser, op, subject, interval, tabs, trials }) {
  const noticed = [];
  let missed = 0;
  for (let i = 0; i < trials; i++) {
    const { context, marks } = await newContext(browser, op.issuer);
    try {
      const first = await context.newPage();
      await signInFresh(first, subject, interval);
      const others = await openTabs(context, subject, tabs - 1, interval);
      await waitPolling([first, ...others], subject, op.issuer);
      await sleep(randomPhase(interval));
      const t0 = await markClick(context, marks, first.getByTestId('sign-out'));
      await first.waitForURL(
        (u) => u.origin === op.issuer && u.pathname.startsWith('/session/end'),
      );
      await first.locator('button[name="logout"][value="yes"]').click();
      const shown = await Promise.all(
        others.map((p) =>
          waitShown(p, ['ended', 'signed-out'], t0, 3 * interval + 10000).catch(() => null),
        ),
      );
      for (const at of shown) {
        if (at === null) missed++;
        else noticed.push(at - t0);
      }
      await first
        .waitForURL((u) => u.origin === subject.origin, { timeout: 10000 })
        .catch(() => {});
    } finally {
      await context.close();
    }
  }
  return { noticed, missed };
}
