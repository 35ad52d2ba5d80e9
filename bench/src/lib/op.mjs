// The dev OP, in this process, with a client per bench subject; keeps its log lines with the time
// they were printed, so authorize requests can be counted per window.
import { startDevOp } from '@oidc-session/dev-op';

/**
 * @param {string} origin e.g. http://localhost:4051
 * @param {{ clientId: string, origin: string }[]} subjects
 * @param {string} backchannelOrigin
 */
export async function startBenchOp(origin, subjects, backchannelOrigin) {
  const lines = [];
  const op = await startDevOp({
    origin,
    clients: subjects.map((s) => ({ clientId: s.clientId, origin: s.origin })),
    backchannelOrigin,
    log: (line) => lines.push({ at: Date.now(), line }),
  });
  return {
    issuer: op.issuer,
    close: () => op.close(),
    lines,
    /** Log lines matching `pattern` printed in [from, to). */
    count(pattern, from = 0, to = Infinity) {
      return lines.filter((l) => l.at >= from && l.at < to && pattern.test(l.line)).length;
    },
  };
}
