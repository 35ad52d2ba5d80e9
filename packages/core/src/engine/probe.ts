// Opt-in: the OP reachability probe. A loaded OP iframe answers from its cookie even while the OP
// is down, so the leader probes the OP now and then (one `no-cors` GET of the iframe URL). During
// an outage the status says `op-unreachable` and the user is kept; when the OP is back, the next
// quiet answer is confirmed by one silent re-check (an OP restart may have forgotten the session).
import type { Draft } from './draft';
import type { ProbeFeature } from './feature';
import { pollNow } from './monitor';

function arm(d: Draft): void {
  const { checkInterval, probeInterval } = d.s.cfg;
  d.do({ type: 'timer', key: 'probe', ms: d.s.outage ? checkInterval : probeInterval });
}

/**
 * Watch that the OP is reachable while this tab polls for the others, every `probeInterval`
 * (default 60 s). Pass it as `createOidcSession({ probe: opProbe() })`.
 */
export function opProbe(): ProbeFeature {
  return {
    arm,
    onTimer: (d) => d.do({ type: 'probe' }),
    onProbed(d, ok) {
      if (!ok && !d.s.outage) {
        d.set({ outage: true });
        d.show({ reason: 'op-unreachable' });
      } else if (ok && d.s.outage) {
        d.set({ outage: false, settleTruth: true });
        pollNow(d);
      }
      arm(d);
    },
  };
}
