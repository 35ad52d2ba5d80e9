// The push to the browser: a server-sent events stream per tab that says `logout` once its OP
// session has ended, whether that happened before the tab connected or while it listens.
import { matchesLogout } from './ended-sessions';
import { errorResponse } from './http-responses';
import type { EndedSessionQuery, LogoutEvent, SessionEventStore } from './types';

/** The session behind an SSE request, as the RP backend knows it. */
export interface AuthenticatedSession {
  /** The OP's issuer; defaults to the handler's `issuer` option. */
  iss?: string;
  sub?: string;
  sid?: string;
  /** When the user authenticated (ms since the epoch), e.g. `auth_time * 1000`. */
  authenticatedAt?: number;
}

/** Options of {@link createSessionEventsHandler}. */
export interface SessionEventsHandlerOptions {
  /** Where the logouts are recorded (the one the back-channel receiver writes to). */
  store: SessionEventStore;
  /**
   * Who is asking: the RP backend's own session (cookie), or a subscription token for a public SPA
   * (see `authenticateWithSubscriptionToken`). `null` answers 401.
   */
  authenticate: (
    request: Request,
  ) => AuthenticatedSession | null | Promise<AuthenticatedSession | null>;
  /** The OP's issuer, when `authenticate` does not return `iss`. */
  issuer?: string;
  /** Interval of the keep-alive comments, which also re-check the store. Default 15 000 ms. */
  heartbeatMs?: number;
  /** The EventSource reconnection delay sent to the browser (`retry:`). Default 5 000 ms. */
  retryMs?: number;
  /**
   * Open streams allowed at once for one session (`iss`, `sub`, `sid`: every tab of it, whatever
   * subscription token each used); past it, 429. Default 16.
   */
  maxStreamsPerSession?: number;
  /** Open streams allowed at once on this handler; past it, 429. Default 10 000. */
  maxStreams?: number;
}

/** The `reason` in each `logout` event's data (core's matching `SessionReason`). */
export const LOGOUT_REASON = 'backchannel-logout';

/** The wire format of one logout: `event: logout` and a one-line JSON `data`. */
export function formatLogoutEvent(event: LogoutEvent): string {
  const data = JSON.stringify({
    iss: event.iss,
    sub: event.sub,
    sid: event.sid,
    reason: LOGOUT_REASON,
  });
  return `event: logout\ndata: ${data}\n\n`;
}

/**
 * The server-sent events endpoint the tabs listen to (core's `backchannelLogoutEvents`): one
 * stream per tab, authenticated by `authenticate`, that sends `event: logout` once the session's
 * logout is recorded, at once if it was recorded before the tab connected.
 */
export function createSessionEventsHandler(
  options: SessionEventsHandlerOptions,
): (request: Request) => Promise<Response> {
  const { store, authenticate } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 5_000;
  const maxPerSession = options.maxStreamsPerSession ?? 16;
  const maxStreams = options.maxStreams ?? 10_000;
  // Open streams, overall and per session: a leaked token or a loop must not hold them all.
  const open = new Map<string, number>();
  let total = 0;
  const tooMany = (description: string) =>
    errorResponse(429, 'too_many_requests', description, {
      'Retry-After': String(Math.ceil(retryMs / 1000)),
    });

  return async (request) => {
    if (request.method !== 'GET') {
      return errorResponse(405, 'invalid_request', 'use GET', { Allow: 'GET' });
    }
    let session: AuthenticatedSession | null;
    try {
      session = await authenticate(request);
    } catch (err) {
      console.error('[oidc-session/server] authenticate failed', err);
      return errorResponse(500, 'server_error', 'internal error');
    }
    if (!session || (session.sub === undefined && session.sid === undefined)) {
      return errorResponse(401, 'invalid_token', 'no session');
    }
    const iss = session.iss ?? options.issuer;
    if (iss === undefined) {
      console.error(
        '[oidc-session/server] no issuer: set `issuer` or return `iss` from authenticate',
      );
      return errorResponse(500, 'server_error', 'internal error');
    }
    const query: EndedSessionQuery = {
      iss,
      ...(session.sub !== undefined && { sub: session.sub }),
      ...(session.sid !== undefined && { sid: session.sid }),
      ...(session.authenticatedAt !== undefined && { authenticatedAt: session.authenticatedAt }),
    };

    const slot = JSON.stringify([query.iss, query.sub ?? null, query.sid ?? null]);
    const held = open.get(slot) ?? 0;
    if (held >= maxPerSession) return tooMany('too many event streams for this session');
    if (total >= maxStreams) return tooMany('too many event streams');
    open.set(slot, held + 1);
    total++;
    const release = () => {
      total--;
      const left = (open.get(slot) ?? 1) - 1;
      if (left > 0) open.set(slot, left);
      else open.delete(slot);
    };

    let stop: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        let closed = false;
        const send = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        const onAbort = () => stop();
        stop = () => {
          if (closed) return;
          closed = true;
          release();
          unsubscribe();
          clearInterval(heartbeat);
          request.signal.removeEventListener('abort', onAbort);
          try {
            controller.close();
          } catch {
            // Already cancelled by the consumer.
          }
        };
        // The session is over: say so once and end the stream (the tab signs out; a reconnect
        // after that gets a 401 or, if the RP kept its session, the same event again at once).
        const deliver = (event: LogoutEvent) => {
          send(formatLogoutEvent(event));
          stop();
        };
        const check = () =>
          store.isEnded(query).then(
            (event) => event && deliver(event),
            // Store down: live events still arrive once it is back, and the next heartbeat asks again.
            () => undefined,
          );

        // Subscribe before asking the store, so a logout between the two is not lost.
        const unsubscribe = store.subscribe((event) => {
          if (matchesLogout(event, query)) deliver(event);
        });
        // The comment makes proxies and the browser see the stream start at once.
        send(`retry: ${retryMs}\n: connected\n\n`);
        // Heartbeats keep idle proxies from cutting the stream and re-check the store, which
        // covers a pub/sub message missed while this instance was cut off from Redis.
        const heartbeat = setInterval(() => {
          send(': heartbeat\n\n');
          void check();
        }, heartbeatMs);
        heartbeat.unref?.();
        if (request.signal.aborted) stop();
        else request.signal.addEventListener('abort', onAbort, { once: true });
        void check();
      },
      cancel() {
        stop();
      },
    });

    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store, no-transform',
        'X-Accel-Buffering': 'no',
      },
    });
  };
}
