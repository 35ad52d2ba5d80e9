// Fastify: it parses no form bodies by itself (it would answer 415), so in an encapsulated
// plugin let that content type through unread, then hand the raw request to the Node adapter.
import Fastify from 'fastify';
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  createSessionEventsHandler,
  toNodeHandler,
} from '@oidc-session/server';
import type { ExampleOptions } from './express';

export function createFastifyApp({
  issuer,
  clientId,
  store = createMemoryStore(),
  findSession,
}: ExampleOptions) {
  const app = Fastify();
  const logout = toNodeHandler(createBackchannelLogoutHandler({ issuer, clientId, store }));
  const events = toNodeHandler(
    createSessionEventsHandler({
      store,
      issuer,
      authenticate: (request) => findSession(request.headers.get('cookie')),
    }),
  );

  app.register(async (scope) => {
    // Scoped to this plugin: the rest of the app keeps its own parsers.
    scope.addContentTypeParser('application/x-www-form-urlencoded', (_request, _payload, done) =>
      done(null),
    );
    scope.post('/backchannel-logout', (request, reply) => {
      reply.hijack(); // Fastify steps aside; the adapter writes the response.
      logout(request.raw, reply.raw);
    });
    scope.get('/session-events', (request, reply) => {
      reply.hijack();
      events(request.raw, reply.raw);
    });
  });
  return app;
}
