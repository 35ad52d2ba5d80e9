// `@oidc-session/server/redis`: a separate entry so the main one never loads the `redis` package.
export {
  createRedisStore,
  RedisUnavailableError,
  type RedisClientLike,
  type RedisSessionEventStore,
  type RedisStoreOptions,
} from './redis-store';
