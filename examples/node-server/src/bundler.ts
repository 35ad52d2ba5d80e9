// What a bundler (moduleResolution bundler) sees of the package: the same API, type-checked only.
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  createSessionEventsHandler,
  toNodeHandler,
} from '@oidc-session/server';

const store = createMemoryStore();
export const handlers = {
  logout: toNodeHandler(
    createBackchannelLogoutHandler({ issuer: 'https://op.example', clientId: 'spa', store }),
  ),
  events: toNodeHandler(createSessionEventsHandler({ store, authenticate: () => null })),
};
