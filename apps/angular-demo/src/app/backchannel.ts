// The back-channel path. This SPA has no backend session, so it trades its ID Token for a
// short-lived subscription token bound to its OP session (`sid`) at the demo backend
// (apps/demo-backend), then listens to the backend's server-sent events.
import { subscriptionTokenUrl } from '@oidc-session/core';
import type { UserManager } from 'oidc-client-ts';
import { BACKEND_ORIGIN } from './op-origin.generated';

export { BACKEND_ORIGIN };

/** The event stream URL; called again whenever the stream must be re-opened (e.g. token expired). */
export function sessionEventsUrl(userManager: UserManager): () => Promise<string> {
  return subscriptionTokenUrl({
    userManager,
    tokenUrl: `${BACKEND_ORIGIN}/session-token`,
    eventsUrl: `${BACKEND_ORIGIN}/session-events`,
  });
}
