export { createOidcSession, type OidcSessionOptions } from './create-oidc-session';
export type { OidcSession } from './oidc-session';
export { createServerSession, resolveSession, type OidcSessionSource } from './server-session';
export { anonymousSessions } from './engine/anonymous';
export { opProbe } from './engine/probe';
export { expiryWarnings, type ExpiryWarningsOptions } from './expiry-warnings';
export { idleSignOut, type IdleSignOutOptions } from './idle-sign-out';
export type { AnonymousFeature, ExpiryFeature, IdleFeature, ProbeFeature } from './engine/feature';
export { OidcSessionError, type OidcSessionErrorCode } from './errors';
export { handleSignOutCallback } from './sign-out-callback';
export { signOutPopup, type SignOutPopupFeature } from './sign-out-popup';
export {
  handleFrontchannelLogout,
  type FrontchannelLogoutOptions,
  type FrontchannelLogoutResult,
} from './frontchannel-logout';
export type {
  CheckAnswer,
  ExpiryKind,
  SessionExpiry,
  IdleCountdown,
  KeyValueStorage,
  SessionEventMap,
  SessionEventName,
  SessionReason,
  SessionSnapshot,
  SessionStats,
  SessionStatus,
  SessionUser,
  SignOutCallbackResult,
  SignOutOptions,
} from './types';
export type { CrossTabEvent } from './cross-tab-event';
export {
  backchannelLogoutEvents,
  subscriptionTokenUrl,
  type BackchannelLogoutEventsOptions,
  type SessionSignal,
  type SessionSignalContext,
  type SubscriptionTokenUrlOptions,
} from './signals';
