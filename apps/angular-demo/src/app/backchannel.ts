// The back-channel path. This SPA has no backend session, so it trades its ID Token for a
// short-lived subscription token bound to its OP session (`sid`) at the demo backend
// (apps/demo-backend), then listens to the backend's server-sent events.
import type { UserManager } from 'oidc-client-ts';
import { BACKEND_ORIGIN } from './op-origin.generated';

export { BACKEND_ORIGIN };

/** The event stream URL; called again whenever the stream must be re-opened (e.g. token expired). */
export async function sessionEventsUrl(userManager: UserManager): Promise<string> {
  const user = await userManager.getUser();
  if (!user?.id_token) throw new Error('no ID Token to trade for a subscription token');
  const res = await fetch(`${BACKEND_ORIGIN}/session-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id_token: user.id_token }),
  });
  if (!res.ok) throw new Error(`${BACKEND_ORIGIN}/session-token answered ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  return `${BACKEND_ORIGIN}/session-events?token=${encodeURIComponent(token)}`;
}
