// Extra signals that can end a session besides the OP iframe: they run while a user is held,
// whatever the iframe says (also while `unsupported`), and end the session in every tab.
import type { SessionReason, SessionUser } from './types';

/** What a signal gets while a user is held. */
export interface SessionSignalContext {
  /** The user being watched. */
  readonly user: SessionUser;
  /** End this user's session (status `ended`) in this tab and the others. */
  end(reason: SessionReason): void;
}

/** A signal source: starts watching for `ctx.user` and returns its cleanup. */
export type SessionSignal = (ctx: SessionSignalContext) => () => void;

/** Options of {@link backchannelLogoutEvents}. */
export interface BackchannelLogoutEventsOptions {
  /**
   * The server-sent events endpoint of the app's backend (see `@oidc-session/server`), or a
   * function of the user that builds it, e.g. with a subscription token the SPA got at sign-in.
   */
  url: string | ((user: SessionUser) => string);
  /** Send cookies with the request (cross-origin backends). Default false. */
  withCredentials?: boolean;
}

/**
 * Listen to the backend's `logout` events (back-channel logout received by the RP backend, see
 * `@oidc-session/server`). An event whose `sid` (or, without `sid`, whose `sub`) is the user's
 * ends the session with reason `backchannel-logout`; malformed or foreign events are ignored.
 * `EventSource` reconnects by itself after network errors.
 */
export function backchannelLogoutEvents(options: BackchannelLogoutEventsOptions): SessionSignal {
  return ({ user, end }) => {
    if (typeof EventSource === 'undefined') return () => {};
    const url = typeof options.url === 'function' ? options.url(user) : options.url;
    const source = new EventSource(url, { withCredentials: !!options.withCredentials });
    source.addEventListener('logout', (e) => {
      let data: { iss?: unknown; sub?: unknown; sid?: unknown } | null = null;
      try {
        data = JSON.parse((e as MessageEvent).data);
      } catch {
        return;
      }
      if (!data || typeof data !== 'object') return;
      const { iss, sub, sid } = data;
      if (iss !== undefined && iss !== user.profile.iss) return;
      const ours =
        typeof sid === 'string' ? sid === user.sid : typeof sub === 'string' && sub === user.sub;
      if (ours) end('backchannel-logout');
    });
    return () => source.close();
  };
}
