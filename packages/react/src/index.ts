'use client';
// React bindings for @oidc-session/core. The whole entry is a client module: the provider runs
// effects and the hook subscribes to a browser-only store (the server renders `idle`).
export { OidcSessionProvider, type OidcSessionProviderProps } from './oidc-session-provider';
export { useOidcSession } from './use-oidc-session';
export type { OidcSessionValue } from './session-binding';
