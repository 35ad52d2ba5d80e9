// The Vue plugin: provides one OidcSession to the whole app and runs its monitor while the app is
// mounted.
import { resolveSession, type OidcSession, type OidcSessionSource } from '@oidc-session/core';
import type { App, InjectionKey, Plugin } from 'vue';

/** Options of `app.use(oidcSession, options)`. */
export interface OidcSessionPluginOptions {
  /**
   * The session, created once with `createOidcSession` (outside components); or a function
   * returning it, called in the browser only, for sessions that need browser globals to be built
   * (a `UserManager` whose redirect URIs come from `location`, as in a Nuxt plugin). It must return
   * the same session every time. On the server the plugin then provides an idle stand-in
   * (`createServerSession()`).
   */
  session: OidcSessionSource;
}

/**
 * The key the plugin provides the session under: `inject(oidcSessionKey)` gives the session itself
 * (for `session.on('ended', ...)`, `getLastCheckedAt()`, ...). Most code wants `useOidcSession()`.
 */
export const oidcSessionKey: InjectionKey<OidcSession> = Symbol('oidc-session');

/**
 * `app.use(oidcSession, { session })`: provides `session` to `useOidcSession()` in every component,
 * calls `session.start()` at once (a no-op on the server) and `session.stop()` when the app
 * unmounts. It never calls `dispose()`: the session outlives the app (tests, HMR, remounts).
 */
export const oidcSession: Plugin<[OidcSessionPluginOptions]> = {
  install(app: App, options: OidcSessionPluginOptions): void {
    const session = options?.session ? resolveSession(options.session) : undefined;
    if (!session || typeof session.subscribe !== 'function') {
      throw new Error(
        'app.use(oidcSession, { session }) needs the session returned by createOidcSession().',
      );
    }
    app.provide(oidcSessionKey, session);
    session.start();
    const stop = (): void => session.stop();
    // `app.onUnmount` arrived in Vue 3.5; on 3.3 and 3.4 wrap `unmount` instead.
    if (typeof app.onUnmount === 'function') {
      app.onUnmount(stop);
    } else {
      const unmount = app.unmount;
      app.unmount = function (this: App) {
        unmount.call(this);
        stop();
      };
    }
  },
};
