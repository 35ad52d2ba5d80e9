// Express: the receiver and the SSE stream are plain middleware. No body parser is needed (the
// receiver reads the raw body itself); if the app has express.urlencoded() anyway, it still works.
import express, { type Express } from 'express';
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  createSessionEventsHandler,
  toNodeHandler,
  type AuthenticatedSession,
  type SessionEventStore,
} from '@oidc-session/server';

export interface ExampleOptions {
  issuer: string;
  clientId: string;
  store?: SessionEventStore;
  /** Your session lookup: the RP's own session cookie -> the OP session it came from. */
  findSession: (cookieHeader: string | null) => AuthenticatedSession | null;
}

export function createExpressApp({
  issuer,
  clientId,
  store = createMemoryStore(),
  findSession,
}: ExampleOptions): Express {
  const app = express();
  app.post(
    '/backchannel-logout',
    toNodeHandler(createBackchannelLogoutHandler({ issuer, clientId, store })),
  );
  app.get(
    '/session-events',
    toNodeHandler(
      createSessionEventsHandler({
        store,
        issuer,
        authenticate: (request) => findSession(request.headers.get('cookie')),
      }),
    ),
  );
  return app;
}
