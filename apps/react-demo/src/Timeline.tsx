// The event timeline under the status: every check, re-check, tab message and end, newest first.
import { timelineOf, timeText } from '@oidc-session/demo-shared/timeline';
import { useSyncExternalStore } from 'react';
import { session } from './session';

// At module scope, before the provider starts the session: the first check is on it too.
const timeline = timelineOf(session);

export function Timeline() {
  const entries = useSyncExternalStore(timeline.subscribe, timeline.getEntries);
  return (
    <section className="timeline">
      <h2>What happened (newest first)</h2>
      <ol data-testid="timeline">
        {entries.length === 0 && <li className="empty">Nothing yet.</li>}
        {entries.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <time dateTime={new Date(e.at).toISOString()}>{timeText(e.at)}</time>
            <span className="text">{e.text}</span>
            <span className="count">{e.count > 1 ? `×${e.count}` : ''}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
