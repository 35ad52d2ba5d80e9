// The composable: one shallowRef per call, fed by one subscription, exposed as readonly refs.
import type {
  IdleCountdown,
  SessionExpiry,
  OidcSession,
  SessionReason,
  SessionSnapshot,
  SessionStatus,
  SessionUser,
} from '@oidc-session/core';
import {
  computed,
  getCurrentInstance,
  getCurrentScope,
  hasInjectionContext,
  inject,
  onMounted,
  onScopeDispose,
  shallowRef,
  type ComputedRef,
} from 'vue';
import { oidcSessionKey } from './plugin';

declare const process: { env: Record<string, string | undefined> };

/** What `useOidcSession()` returns: readonly refs of the snapshot plus the session's actions. */
export interface UseOidcSessionReturn {
  /** The whole snapshot; a new object only when something changed. */
  readonly snapshot: ComputedRef<SessionSnapshot>;
  /** `idle`, `signed-out`, `starting`, `active`, `reauthenticating`, `ended`, `unsupported`, `error`. */
  readonly status: ComputedRef<SessionStatus>;
  /** The signed-in user (`sub`, `sid`, `name`, `email`, `profile`), or `null`. */
  readonly user: ComputedRef<SessionUser | null>;
  /** Why the session is in its status (`op-logout`, `third-party-cookies-blocked`, ...), or `null`. */
  readonly reason: ComputedRef<SessionReason | null>;
  /** Whether this tab runs the OP iframe poller. */
  readonly isPolling: ComputedRef<boolean>;
  /** Option `idle`: the idle countdown (deadline, seconds left) while it shows, else `null`. */
  readonly idle: ComputedRef<IdleCountdown | null>;
  /** Option `expiry`: the user's known deadlines (ID Token, access token, OP session), else `null`. */
  readonly expiry: ComputedRef<SessionExpiry | null>;
  /** `session.signIn`: redirect to the OP to sign in. */
  readonly signIn: OidcSession['signIn'];
  /** `session.signOut`: RP-initiated logout (default) or `{ mode: 'local' }`. */
  readonly signOut: OidcSession['signOut'];
  /** `session.checkNow`: check the OP session at once. */
  readonly checkNow: OidcSession['checkNow'];
  /** `session.stayActive`: restart the idle countdown in every tab (option `idle`). */
  readonly stayActive: OidcSession['stayActive'];
}

/** Dev-only warnings: bundlers replace `process.env.NODE_ENV`; unbundled, there is no `process`. */
function isDev(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
}

/**
 * The session's state as readonly refs (`snapshot`, `status`, `user`, `reason`, `isPolling`) plus
 * `signIn`, `signOut` and `checkNow`. Call it in `setup()` (or another effect scope): it subscribes
 * once and unsubscribes when the scope is disposed. The refs change only when the session's
 * snapshot does; quiet polls re-render nothing.
 *
 * On the server it returns the `idle` snapshot and does not subscribe. While hydrating it renders
 * the `idle` snapshot too, as the server did, and shows the real one once mounted.
 *
 * @throws Error when called outside `setup()` / `app.runWithContext()`, or in an app without
 * `app.use(oidcSession, { session })`.
 */
export function useOidcSession(): UseOidcSessionReturn {
  if (!hasInjectionContext()) {
    throw new Error(
      'useOidcSession() needs app.use(oidcSession, { session }) and must be called in setup() ' +
        '(or inside app.runWithContext()).',
    );
  }
  const session = inject(oidcSessionKey, null);
  if (!session) {
    throw new Error(
      'useOidcSession() needs app.use(oidcSession, { session }): no session was provided to this app.',
    );
  }

  const onServer = typeof window === 'undefined';
  const instance = getCurrentInstance();
  // A component vnode that already has its element is being hydrated over server HTML: render
  // what the server rendered (idle) so the markup matches, then switch once mounted.
  const hydrating = !onServer && instance !== null && instance.vnode.el != null;
  const state = shallowRef(
    onServer || hydrating ? session.getServerSnapshot() : session.getSnapshot(),
  );
  // The snapshot keeps its identity until it changes, and shallowRef ignores a same-object
  // write: a notification that changes nothing updates nothing.
  const sync = (): void => {
    state.value = session.getSnapshot();
  };

  // No subscription on the server: nothing would ever dispose it (SSR runs no unmount hooks).
  if (!onServer) {
    if (!getCurrentScope() && isDev()) {
      console.warn(
        '[@oidc-session/vue] useOidcSession() was called outside setup() or an effect scope: ' +
          'its subscription is never removed (a memory leak). Call it in setup(), or inside ' +
          'effectScope().run().',
      );
    }
    const unsubscribe = session.subscribe(sync);
    if (hydrating) onMounted(sync);
    if (getCurrentScope()) onScopeDispose(unsubscribe);
  }

  return {
    snapshot: computed(() => state.value),
    status: computed(() => state.value.status),
    user: computed(() => state.value.user),
    reason: computed(() => state.value.reason),
    isPolling: computed(() => state.value.isPolling),
    idle: computed(() => state.value.idle),
    expiry: computed(() => state.value.expiry),
    signIn: (args) => session.signIn(args),
    signOut: (options) => session.signOut(options),
    checkNow: () => session.checkNow(),
    stayActive: () => session.stayActive(),
  };
}
