// Opt-in: anonymous monitoring. Nobody is signed in in this app, so ask the OP silently for its
// session_state (an OP that implements Session Management returns one with `login_required`) and
// watch it in the OP iframe. A `changed` asks again: a session found means someone signed in at
// the OP (reason `op-session`, event `opSession`). Per tab, charged to the loop breaker; any
// trouble ends it quietly.
import { type Draft, halt, recovered, retry, schedule, settle } from './draft';
import type { AnonymousFeature } from './feature';
import { loadFrame } from './monitor';
import { charge } from './recheck';

function begin(d: Draft): void {
  settle(d);
  d.set({ step: { at: 'rest' } });
  if (!charge(d)) return;
  d.set({ step: { at: 'anon' } });
  d.do({ type: 'silent-check', reauth: false });
}

/**
 * Watch the OP session before anyone signs in here, to notice a sign-in elsewhere: reason
 * `op-session` and the `opSession` event. Pass it as
 * `createOidcSession({ anonymous: anonymousSessions() })`.
 */
export function anonymousSessions(): AnonymousFeature {
  return {
    begin,
    onSilent(d, result) {
      if (!result) return retry(d, 'anon');
      if (result.kind === 'rejected' || !result.sessionState)
        return d.set({ step: { at: 'rest' } });
      recovered(d, 'anon');
      const sub = result.kind === 'session' ? result.sub : null;
      d.set({ anonState: result.sessionState });
      d.show({ reason: sub ? 'op-session' : null, sessionState: result.sessionState });
      if (sub) d.emit('opSession', { sub });
      if (d.s.frame !== null) return schedule(d);
      d.set({ step: { at: 'anon-discovery' } });
      d.do({ type: 'discover' });
    },
    onDiscovered(d, url, origin, failed) {
      if (failed || !url || !origin) return d.set({ step: { at: 'rest' } });
      loadFrame(d, url, origin);
    },
    onAnswer(d, answer, first) {
      if (answer === 'unchanged') schedule(d);
      else if (answer === 'changed' && !first) return begin(d);
      else halt(d);
      settle(d);
    },
  };
}
