// The `crossTab` event: what this tab tells the other tabs of the app and hears from them, for
// timelines and debugging. It wraps the channel where the session opens it, so the engine itself
// neither knows nor pays for it.
import type { OidcSession } from './oidc-session';
import type { openTabChannel, TabMessage } from './tab-channel';
import { createEmitter } from './emitter';
import type { CrossTabEvent } from './cross-tab-event';
import type { SessionEventMap } from './types';

/**
 * `open`: a channel opener to hand to the session, which reports every message it sends or
 * receives; `attach(session)`: the session with those reports as its `crossTab` event. A received
 * message is reported before the session acts on it, so a listener knows where the `checked` or
 * `ended` event that follows came from.
 */
export function crossTabEvents(open: typeof openTabChannel) {
  const events = createEmitter<Pick<SessionEventMap, 'crossTab'>>();
  // Only the fields the event promises: the rest of the message (user, session_state) stays inside.
  const emit = (direction: CrossTabEvent['direction'], m: TabMessage) =>
    events.emit('crossTab', {
      direction,
      type: m.type,
      tab: 'tab' in m ? m.tab : null,
      status: 'status' in m ? m.status : null,
      answer: 'answer' in m ? m.answer : null,
    });
  const opener: typeof openTabChannel = (win, name, onMessage) => {
    const channel = open(win, name, (m) => (emit('received', m), onMessage(m)));
    return { post: (m) => (channel.post(m), emit('sent', m)), close: channel.close };
  };
  return {
    open: opener,
    attach: (session: OidcSession): OidcSession => ({
      ...session,
      on: (name, handler) =>
        name === 'crossTab'
          ? events.on(name, handler as (e: CrossTabEvent) => void)
          : session.on(name, handler),
      dispose: () => (session.dispose(), events.clear()),
    }),
  };
}
