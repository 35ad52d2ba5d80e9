// Order statistics for the result tables.

/** Nearest-rank percentile of already sorted numbers. */
function rank(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** median (mean of the two middle values for even n), p95, min, max and n. */
export function summarize(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = !v.length ? NaN : v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { n: v.length, median, p95: rank(v, 95), min: v[0] ?? NaN, max: v.at(-1) ?? NaN };
}

/** A random delay in [0, max): the trigger lands at a random phase of the poll cycle. */
export const randomPhase = (max) => Math.floor(Math.random() * max);

/**
 * `n` phases spread evenly over [0, period), in an order shuffled by a fixed seed: every subject
 * gets the same phases in the same order, so the phase of the poll cycle is not what differs
 * between them.
 */
export function stratifiedPhases(n, period, seed = 1) {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const phases = Array.from({ length: n }, (_, i) => Math.round(((i + 0.5) / n) * period));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [phases[i], phases[j]] = [phases[j], phases[i]];
  }
  return phases;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets concurrent runs meet: each `wait()` resolves once `count` callers are waiting (a run that
 * fails calls `leave()` so the others do not wait for it).
 */
export function barrier(count) {
  let waiting = [];
  let expected = count;
  const release = () => {
    if (waiting.length < expected) return;
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve();
  };
  return {
    wait: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        release();
      }),
    leave() {
      expected--;
      release();
    },
  };
}
