// Extra signals that can end a session besides the OP iframe: they run while a user is held,
// whatever the iframe says (also while `unsupported`), and end the session in every tab.
import type { SessionReason, SessionUser } from './types';

/** What a signal gets while a user is held. */
export interface SessionSignalContext {
  /** The user being watched. */
  readonly user: SessionUser;
  /** End this user's session (status `ended`) in this tab and the others. */
  end(reason: SessionReason): void;
  /**
   * Report a failure of the signal itself (it keeps the session as it is): the session emits an
   * `error` event with reason `signal-failed` and this `cause`; the status does not change.
   */
  error(cause: unknown): void;
}

/** A signal source: starts watching for `ctx.user` and returns its cleanup. */
export type SessionSignal = (ctx: SessionSignalContext) => () => void;

/** Options of {@link backchannelLogoutEvents}. */
export interface BackchannelLogoutEventsOptions {
  /**
   * The server-sent events endpoint of the app's backend (see `@oidc-session/server`), or a
   * function of the user that builds it, possibly async: e.g. one that trades the ID Token for a
   * subscription token at the backend. A function is called again whenever the stream has to be
   * re-opened (the server refused it, or the function failed), so it can fetch a fresh token.
   */
  url: string | ((user: SessionUser) => string | Promise<string>);
  /** Send cookies with the request (cross-origin backends). Default false. */
  withCredentials?: boolean;
  /** First delay before re-opening a stream the browser gave up on; doubles up to 60 s. Default 1000 ms. */
  retryDelay?: number;
}

const MAX_RETRY_DELAY = 60000;

/**
 * Listen to the backend's `logout` events (back-channel logout received by the RP backend, see
 * `@oidc-session/server`). An event ends the session with reason `backchannel-logout` when its
 * `sid` is the user's, or, when the event or the user's ID Token has no `sid`, when its `sub` is
 * the user's (the server's rule); malformed or foreign events are ignored.
 * `EventSource` reconnects by itself after network errors; when it gives up (an HTTP error such as
 * an expired token) or `url` fails, the failure is reported as an `error` event (reason
 * `signal-failed`) and the stream is re-opened with backoff, `url` called again.
 */
export function backchannelLogoutEvents(options: BackchannelLogoutEventsOptions): SessionSignal {
  const firstDelay = options.retryDelay ?? 1000;
  return ({ user, end, error }) => {
    if (typeof EventSource === 'undefined') return () => {};
    let stopped = false;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 0;

    const retry = (cause: unknown) => {
      error(cause);
      delay = Math.min(delay ? delay * 2 : firstDelay, MAX_RETRY_DELAY);
      timer = setTimeout(() => void open(), delay);
    };

    const open = async () => {
      let url: string;
      try {
        url = typeof options.url === 'function' ? await options.url(user) : options.url;
      } catch (err) {
        if (!stopped) retry(err);
        return;
      }
      // The session stopped (or moved on to another user) while the URL was being built.
      if (stopped) return;
      const es = (source = new EventSource(url, { withCredentials: !!options.withCredentials }));
      es.addEventListener('open', () => (delay = 0));
      es.addEventListener('error', () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up for good (HTTP error, wrong
        // content type), so build the URL again and re-open later.
        if (!stopped && es.readyState === 2 /* CLOSED */) {
          retry(new Error(`back-channel event stream refused: ${url.split('?')[0]}`));
        }
      });
      es.addEventListener('logout', (e) => {
        let data: { iss?: unknown; sub?: unknown; sid?: unknown } | null = null;
        try {
          data = JSON.parse((e as MessageEvent).data);
        } catch {
          return;
        }
        if (!data || typeof data !== 'object') return;
        const { iss, sub, sid } = data;
        if (iss !== undefined && iss !== user.profile.iss) return;
        // The server's rule (matchesLogout in @oidc-session/server), so what it delivers is applied:
        // sid decides when both sides have one; otherwise the logout is about the user, and a user
        // whose ID Token had no sid cannot tell its session from the one that ended.
        const ours =
          typeof sid === 'string' && user.sid !== undefined
            ? sid === user.sid
            : typeof sub === 'string' && sub === user.sub;
        if (ours) end('backchannel-logout');
      });
    };

    void open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  };
}

/** Options of {@link subscriptionTokenUrl}. */
export interface SubscriptionTokenUrlOptions {
  /** Where the app's ID Token comes from: its oidc-client-ts `UserManager` (or any `getUser`). */
  userManager: {
    /** The signed-in user, whose `id_token` is traded; `null` when nobody is signed in. */
    getUser(): Promise<{ id_token?: string } | null>;
  };
  /** The backend's subscription token endpoint (`createSubscriptionTokenHandler`). */
  tokenUrl: string;
  /** The backend's event stream (`createSessionEventsHandler`); the token goes in `?token=`. */
  eventsUrl: string;
}

/**
 * For public SPAs without a backend session: a `url` function for
 * {@link backchannelLogoutEvents} that trades the stored ID Token for a short-lived,
 * `sid`-bound subscription token at the backend (`POST tokenUrl` with `{ id_token }`, answer
 * `{ token }`), then returns `eventsUrl?token=...`. It rejects on a missing ID Token or a refused
 * trade; the signal reports that and retries later with a fresh call.
 */
export function subscriptionTokenUrl(options: SubscriptionTokenUrlOptions): () => Promise<string> {
  return async () => {
    const idToken = (await options.userManager.getUser())?.id_token;
    if (!idToken) throw new Error('subscriptionTokenUrl: no ID Token to trade');
    const res = await fetch(options.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id_token: idToken }),
    });
    const body = res.ok ? ((await res.json()) as { token?: unknown }) : null;
    if (typeof body?.token !== 'string') {
      throw new Error(`subscriptionTokenUrl: ${options.tokenUrl} answered ${res.status}`);
    }
    const url = new URL(options.eventsUrl, location.href);
    url.searchParams.set('token', body.token);
    return url.href;
  };
}
