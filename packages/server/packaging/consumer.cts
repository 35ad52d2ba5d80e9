// A CommonJS TypeScript app (`module`/`moduleResolution: node16`, `skipLibCheck: false`) using the
// package by its name: the self-reference resolves through `exports` to the built `dist/*.d.cts`,
// as it would from node_modules. Type-checked by `check:package`; never run.
import {
  authenticateWithSubscriptionToken,
  createBackchannelLogoutHandler,
  createMemoryStore,
  createSessionEventsHandler,
  createSubscriptionTokenHandler,
  toNodeHandler,
  type LogoutEvent,
  type SessionEventStore,
} from '@oidc-session/server';
import { createRedisStore } from '@oidc-session/server/redis';

const secret = 'a-secret-of-at-least-thirty-two-bytes';
const store: SessionEventStore = createMemoryStore();
const onLogout = (event: LogoutEvent): void => void event.sid;

export const handlers = [
  toNodeHandler(
    createBackchannelLogoutHandler({ issuer: 'https://op', clientId: 'app', store, onLogout }),
  ),
  toNodeHandler(createSessionEventsHandler({ store, authenticate: () => null })),
  toNodeHandler(
    createSessionEventsHandler({
      store,
      authenticate: authenticateWithSubscriptionToken({ secret }),
    }),
  ),
  toNodeHandler(createSubscriptionTokenHandler({ issuer: 'https://op', clientId: 'app', secret })),
];

export const redis = (url: string) => createRedisStore({ url });
