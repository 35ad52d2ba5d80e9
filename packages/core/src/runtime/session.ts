// The public `OidcSession` over the runtime: the app's calls become engine events; sign-out's
// redirect to the OP is the one async flow that stays here (it returns a promise to the app).
import type { PortUser } from '../client-port';
import { log, OidcSessionError } from '../errors';
import { randomId } from '../nonce';
import type { OidcSession } from '../oidc-session';
import { SIGNOUT_KEY } from '../sign-out-callback';
import { channelName } from '../tab-channel';
import type { SessionStats, SignOutOptions } from '../types';
import type { EngineDeps, RuntimeSettings } from './deps';
import { isHidden, watchPage } from './page-events';
import { endSessionUrl } from './end-session';
import { createRuntime } from './runtime';
import { IDLE } from './snapshot';

const FEATURES = 'popup,width=480,height=640';

/** Build a session. `createOidcSession` is the public way in. */
export function createSessionEngine(settings: RuntimeSettings, deps: EngineDeps): OidcSession {
  const { port, window: win } = deps;
  // Idle sign-out's RP-initiated part, once the local user is gone.
  const rt = createRuntime(settings, deps, (user, mode) => {
    rt.removal()
      .then(() => endAtOp(user, { mode }, null))
      .catch(log);
  });
  const { dispatch } = rt;
  let disposed = false;
  let unwatchPage: (() => void) | null = null;
  let unwatchIdle: (() => void) | undefined;

  // Watch from creation, so a sign-in finished before start() still marks its session fresh.
  const unwatchUser = port.watchUser(
    (user) => dispatch({ type: 'user-loaded', user }),
    () => dispatch({ type: 'user-unloaded' }),
    () => dispatch({ type: 'renew-refused' }),
  );

  /** RP-initiated logout once the local user is gone: GET, POST or in `popup`. */
  async function endAtOp(
    user: PortUser | null,
    options: SignOutOptions,
    popup: Window | null,
  ): Promise<void> {
    const mode = options.mode ?? 'redirect';
    const endpoint = await port.getEndSessionEndpoint();
    if (!endpoint) {
      popup?.close();
      throw new OidcSessionError(
        'no-end-session-endpoint',
        'No end_session_endpoint: signed out locally only.',
      );
    }
    const state = randomId();
    deps.tabStorage.setItem(
      SIGNOUT_KEY + state,
      JSON.stringify({ at: Date.now(), appState: options.appState ?? null, popup: !!popup }),
    );
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries({
      id_token_hint: user?.idToken,
      client_id: port.clientId,
      post_logout_redirect_uri: options.postLogoutRedirectUri ?? settings.postLogoutRedirectUri,
      state,
      ui_locales: options.uiLocales,
      logout_hint: options.logoutHint,
      ...options.extraQueryParams,
    })) {
      if (v !== undefined) params[k] = v;
    }
    if (mode === 'post') return deps.postForm(endpoint, params);
    const url = endSessionUrl(endpoint, params);
    if (!popup || !win) return deps.navigate(url);
    popup.location.replace(url);
    await settings.signOutPopup!.awaitReturn(
      win,
      popup,
      deps.tabStorage,
      options.popupTimeout ?? 300000,
    );
  }

  const session: OidcSession = {
    getSnapshot: rt.getSnapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      rt.listeners.add(listener);
      return () => void rt.listeners.delete(listener);
    },
    on: (name, handler) => rt.events.on(name, handler),
    getStats: (): SessionStats => ({ ...rt.stats }),
    getLastCheckedAt: rt.getLastCheckedAt,
    start() {
      if (rt.getState().started || disposed || !win) return;
      unwatchPage = watchPage(win, dispatch);
      unwatchIdle = settings.idle?.watch(() => dispatch({ type: 'activity' }));
      rt.openChannel(win, channelName(port.authority, port.clientId));
      dispatch({ type: 'start', hidden: isHidden(win) });
    },
    stop() {
      if (!rt.getState().started) return;
      dispatch({ type: 'stop' });
      unwatchPage?.();
      unwatchIdle?.();
      rt.closeChannel();
    },
    dispose() {
      if (disposed) return;
      session.stop();
      unwatchUser();
      disposed = true;
      rt.events.clear();
      rt.listeners.clear();
    },
    checkNow() {
      if (!win || disposed) return Promise.resolve(rt.getSnapshot());
      const result = rt.settled();
      if (rt.getState().started) dispatch({ type: 'check-now' });
      else session.start();
      return result;
    },
    stayActive() {
      dispatch({ type: 'stay-active' });
    },
    async signIn(args) {
      await port.signinRedirect(args);
    },
    async signOut(options: SignOutOptions = {}) {
      const mode = options.mode ?? 'redirect';
      const feature = settings.signOutPopup;
      if (mode === 'popup' && !feature) {
        throw new OidcSessionError('config', 'Popup sign-out needs the signOutPopup() option.');
      }
      // Opened before any await, while the click's user activation lasts (throws when blocked).
      const popup =
        mode === 'popup' ? feature!.open(deps.openWindow, options.popupFeatures ?? FEATURES) : null;
      const user = rt.getState().user ?? (await port.getUser().catch(() => null));
      dispatch({ type: 'sign-out' });
      await rt.removal();
      if (mode === 'local') return;
      await endAtOp(user, options, popup);
    },
  };
  return session;
}
