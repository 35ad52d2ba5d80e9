// N signed-in tabs of one subject: a quiet window (checks, requests, main-thread time, OP iframes
// and pollers alive, Angular change detections), then a logout at the OP (time until each tab
// shows it, and what that costs in requests). Concurrent runs meet at `barrier` so that their
// quiet windows overlap only each other.
import { metricsProbe, newContext, opFrames } from '../lib/browser.mjs';
import { openTabs, prepareOpLogout, signInFresh, waitPolling, waitShown } from '../lib/flows.mjs';
import { randomPhase, sleep, summarize } from '../lib/stats.mjs';

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const SLICES = 5;

export async function tabsRun({ browser, op, subject, interval, tabs, quietMs, logout, barrier }) {
  const ctx = await newContext(browser, op.issuer);
  const { context, requests } = ctx;
  let met = 0; // barrier points passed
  const meet = async () => {
    met++;
    await barrier?.wait();
  };
  try {
    const first = await context.newPage();
    await signInFresh(first, subject, interval);
    const pages = [first, ...(await openTabs(context, subject, tabs - 1, interval))];
    await waitPolling(pages, subject, op.issuer);
    const probes = await Promise.all(pages.map((p) => metricsProbe(context, p)));
    await meet();

    // Quiet: nothing happens at the OP; whatever runs is the monitoring itself. The window is cut
    // in slices and the main-thread figure is the median slice, so that one garbage collection or
    // a neighbour's burst does not decide it.
    const sample = async () => ({
      at: Date.now(),
      metrics: await Promise.all(probes.map((p) => p.read())),
      counters: await Promise.all(pages.map((p) => p.evaluate(() => window.__bench.counters()))),
    });
    const samples = [await sample()];
    for (let k = 0; k < SLICES; k++) {
      await sleep(quietMs / SLICES);
      samples.push(await sample());
    }
    const t1 = samples[0].at;
    const t2 = samples.at(-1).at;
    const frames = await opFrames(pages, op.issuer);
    const inWindow = (t) => t >= t1 && t < t2;
    const perMinute = (n, ms = t2 - t1) => (n * 60000) / ms;
    const messages = sum(frames.map((f) => f.messages.filter(inWindow).length));
    const sliceRate = (name) =>
      summarize(
        samples.slice(1).map((s, k) => {
          const prev = samples[k];
          const ms = sum(s.metrics.map((m, i) => m[name] - prev.metrics[i][name])) * 1000;
          return perMinute(ms, s.at - prev.at);
        }),
      ).median;
    const cd = sum(
      samples
        .at(-1)
        .counters.map(
          (c, i) => (c.changeDetections ?? 0) - (samples[0].counters[i].changeDetections ?? 0),
        ),
    );
    const checksPerMinute = perMinute(messages);
    const taskMsPerMinute = sliceRate('TaskDuration');
    const scriptMsPerMinute = sliceRate('ScriptDuration');
    const quiet = {
      checksPerMinute,
      requestsPerMinute: perMinute(requests.filter((r) => inWindow(r.at)).length),
      taskMsPerMinute,
      scriptMsPerMinute,
      taskMsPerCheck: checksPerMinute ? taskMsPerMinute / checksPerMinute : null,
      scriptMsPerCheck: checksPerMinute ? scriptMsPerMinute / checksPerMinute : null,
      opIframes: frames.length,
      pollers: frames.filter((f) => f.messages.some(inWindow)).length,
      changeDetectionsPerMinute:
        'changeDetections' in samples[0].counters[0] ? perMinute(cd) : null,
    };
    await Promise.all(probes.map((p) => p.cdp.detach().catch(() => {})));
    if (!logout) return { quiet };
    await meet();

    // A logout at the OP, at a random phase of the poll cycle.
    const end = await prepareOpLogout(ctx, op.issuer);
    await sleep(randomPhase(interval));
    const t0 = await end.confirm();
    const timeout = 3 * interval + 10000;
    const shown = await Promise.all(
      pages.map((p) => waitShown(p, ['ended', 'signed-out'], t0, timeout).catch(() => null)),
    );
    const seen = shown.filter((at) => at !== null);
    // Let the last re-checks' requests (silent-callback pages and their assets) finish.
    const tEnd = Math.max(t0, ...seen) + 1500;
    await sleep(tEnd - Date.now());
    await end.close();
    return {
      quiet,
      change: {
        detected: seen.map((at) => at - t0),
        missed: shown.length - seen.length,
        requests: requests.filter((r) => r.at >= t0 && r.at < tEnd && r.top === subject.origin)
          .length,
        silentAuthorize: op.count(
          new RegExp(`^authorize client=${subject.clientId} prompt=none`),
          t0,
          tEnd,
        ),
      },
    };
  } finally {
    // Whatever happened, do not keep the other runs waiting at a point this one will not reach.
    for (let k = met; k < 2; k++) barrier?.leave();
    await context.close();
  }
}
