// A universal plugin (not `.client`): server-rendered components call useOidcSession() too, so the
// server app needs the plugin as well. The adapter calls getSession in the browser only and
// renders `idle` on the server.
import { oidcSession } from '@oidc-session/vue';
import { getSession } from '../oidc';

export default defineNuxtPlugin((nuxtApp) => {
  // The hidden iframe of the silent re-check only hands its answer to the parent: no session.
  if (import.meta.client && location.pathname === '/silent-callback') return;
  nuxtApp.vueApp.use(oidcSession, { session: getSession });
});
