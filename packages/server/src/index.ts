export { DEFAULT_LOGOUT_ALGORITHMS } from './algorithms';
export {
  createBackchannelLogoutHandler,
  type BackchannelLogoutHandlerOptions,
  type LogoutRejectDetail,
} from './backchannel-logout-handler';
export type { LogoutRejectReason } from './logout-rejection';
export { BACKCHANNEL_LOGOUT_EVENT } from './logout-token';
export {
  IssuerDiscoveryError,
  type FlattenedJws,
  type JwksFetchOptions,
  type JwsHeader,
  type JwksSource,
  type KeyResolver,
} from './issuer-keys';
export {
  createMemoryStore,
  type MemorySessionEventStore,
  type MemoryStoreOptions,
} from './memory-store';
export {
  createSessionEventsHandler,
  formatLogoutEvent,
  LOGOUT_REASON,
  type AuthenticatedSession,
  type SessionEventsHandlerOptions,
} from './session-events-handler';
export {
  authenticateWithSubscriptionToken,
  createSubscriptionToken,
  verifySubscriptionToken,
  type SubscriptionTokenOptions,
} from './subscription-token';
export {
  createSubscriptionTokenHandler,
  type IssuedSubscription,
  type SubscriptionRejectReason,
  type SubscriptionTokenHandlerOptions,
} from './subscription-token-handler';
export { matchesLogout } from './ended-sessions';
export { toNodeHandler, type NodeHandler, type WebHandler } from './node-handler';
export type {
  EndedSessionQuery,
  LogoutEvent,
  LogoutListener,
  LogoutTokenMark,
  RecordLogoutResult,
  SessionEventStore,
} from './types';
