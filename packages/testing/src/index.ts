// Test helpers for apps that use @oidc-session. This entry is browser-safe and needs no DOM.
export {
  createTestSession,
  type TestSession,
  type TestSessionActions,
  type TestSessionCall,
  type TestSessionFailOptions,
  type TestSessionMethod,
  type TestSessionOptions,
} from './create-test-session';
export { testUser } from './test-user';
export { SESSION_STATUSES, isSessionStatus } from './session-statuses';
