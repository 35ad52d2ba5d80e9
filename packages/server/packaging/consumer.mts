// The same as consumer.cts from an ES module of a node16 app: resolves to `dist/*.d.ts`.
import {
  createBackchannelLogoutHandler,
  createMemoryStore,
  toNodeHandler,
} from '@oidc-session/server';
import { createRedisStore } from '@oidc-session/server/redis';

const store = createMemoryStore();
export const handler = toNodeHandler(
  createBackchannelLogoutHandler({ issuer: 'https://op', clientId: 'app', store }),
);
export const redis = (url: string) => createRedisStore({ url });
