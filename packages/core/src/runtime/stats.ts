// The counters behind `getStats()`, mutable inside the runtime, copied out for the app.

/** Every counter at zero. */
export function zeroStats() {
  return { posted: 0, unchanged: 0, changed: 0, error: 0, timeouts: 0, ignored: 0, reauths: 0 };
}
