// Vue 3 bindings for @oidc-session/core: a plugin that provides and runs the session, and a
// composable that exposes its snapshot as readonly refs.
export { oidcSession, oidcSessionKey, type OidcSessionPluginOptions } from './plugin';
export { useOidcSession, type UseOidcSessionReturn } from './use-oidc-session';
