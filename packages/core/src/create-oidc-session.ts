import type { UserManager } from 'oidc-client-ts';
import { OidcSessionError } from './errors';
import type { OidcSession } from './oidc-session';
import { createDomOpFrame } from './op-frame';
import { cookieDomainAccepted, isSameSite } from './same-site';
import type { AnonymousFeature, ExpiryFeature, IdleFeature, ProbeFeature } from './engine/feature';
import { systemClock } from './runtime/clock';
import type { RuntimeSettings } from './runtime/deps';
import { postForm } from './runtime/end-session';
import { createSessionEngine } from './runtime/session';
import { safeStorage } from './storage';
import { userManagerPort } from './user-manager-port';
import { openTabChannel } from './tab-channel';
import { crossTabEvents } from './cross-tab-events';
import type { SessionSignal } from './signals';
import type { SignOutPopupFeature } from './sign-out-popup';

/** Options of {@link createOidcSession}. Times are in milliseconds. */
export interface OidcSessionOptions {
  /** The app's oidc-client-ts UserManager, created with `monitorSession: false`. */
  userManager: UserManager;
  /** Time between checks while the tab is visible. Default 2000. */
  checkInterval?: number;
  /** Time between checks while every view of the tab is hidden. Default 10000. */
  hiddenCheckInterval?: number;
  /** How long to wait for the OP iframe to answer one check. Default 2000. */
  replyTimeout?: number;
  /** How long the OP iframe may take to load and answer its first check. Default 10000. */
  frameTimeout?: number;
  /** On an `error` answer: keep the user (default) or sign out locally. */
  onError?: 'keep' | 'sign-out';
  /** Loop breaker: at most this many silent re-checks per `reauthWindow`. Default 3. */
  reauthLimit?: number;
  /** Loop breaker window. Default 300000 (5 minutes). */
  reauthWindow?: number;
  /** First delay after a network failure or timeout; doubles on each failure. Default 1000. */
  retryDelay?: number;
  /** Cap of that delay. Default 60000. */
  maxRetryDelay?: number;
  /**
   * Opt-in: `opProbe()` makes the polling tab check that the OP is reachable (one `no-cors` GET
   * of the check_session_iframe URL every `probeInterval`). The loaded iframe keeps answering
   * while the OP is down; after an outage one silent re-check settles what happened meanwhile.
   */
  probe?: ProbeFeature;
  /** Time between the reachability probes of `probe: opProbe()`. Default 60000. */
  probeInterval?: number;
  /** Default `post_logout_redirect_uri`; falls back to the UserManager's setting. */
  postLogoutRedirectUri?: string;
  /** How to send the browser to the OP's end-session endpoint. Default `location.assign`. */
  navigate?: (url: string) => void;
  /**
   * Opt-in: `anonymousSessions()` watches the OP session before anyone signs in in this app (the
   * `session_state` an OP returns with `login_required` on a silent request), to notice a sign-in
   * elsewhere: reason `op-session` and the `opSession` event. One silent request per page load
   * and per change at the OP, within the loop breaker's budget. Off when absent.
   */
  anonymous?: AnonymousFeature;
  /**
   * Opt-in: `idleSignOut({ timeout, warnBefore })` signs every tab out after inactivity in all of
   * them, with a countdown in the snapshot (`idle`) and `stayActive()`. Off when absent.
   */
  idle?: IdleFeature;
  /**
   * Opt-in: `expiryWarnings({ warnBefore, opSessionMaxAge })` puts the user's deadlines in the
   * snapshot (`expiry`) and fires `expiring` ahead of each. Off when absent.
   */
  expiry?: ExpiryFeature;
  /** Opt-in: `signOutPopup()` enables `signOut({ mode: 'popup' })`. */
  signOutPopup?: SignOutPopupFeature;
  /** More signals that can end the session, e.g. `backchannelLogoutEvents({ url })`. */
  signals?: readonly SessionSignal[];
}

const TIMES = {
  checkInterval: 2000,
  hiddenCheckInterval: 10000,
  replyTimeout: 2000,
  frameTimeout: 10000,
  reauthLimit: 3,
  reauthWindow: 300000,
  retryDelay: 1000,
  maxRetryDelay: 60000,
  probeInterval: 60000,
};

/** Resolve and validate options; throws an `OidcSessionError` with code `config` on bad input. */
export function resolveSettings(
  options: Omit<OidcSessionOptions, 'userManager' | 'navigate'>,
): RuntimeSettings {
  const out = { ...TIMES } as Record<keyof typeof TIMES, number>;
  for (const name of Object.keys(TIMES) as Array<keyof typeof TIMES>) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0 && value < Infinity)) {
      throw new OidcSessionError(
        'config',
        `\`${name}\` must be a positive number, got ${String(value)}.`,
      );
    }
    out[name] = value;
  }
  const onError = options.onError ?? 'keep';
  if (onError !== 'keep' && onError !== 'sign-out') {
    throw new OidcSessionError(
      'config',
      `\`onError\` must be 'keep' or 'sign-out', got ${String(onError)}.`,
    );
  }
  const { anonymous, probe, idle, expiry, signOutPopup } = options;
  // The opt-in parts are objects from their factories; `anonymous: true` was the old spelling.
  for (const [name, value, factory] of [
    ['anonymous', anonymous?.onSilent, 'anonymousSessions'],
    ['probe', probe?.onProbed, 'opProbe'],
    ['idle', idle?.onTimer, 'idleSignOut'],
    ['expiry', expiry?.sync, 'expiryWarnings'],
    ['signOutPopup', signOutPopup?.awaitReturn, 'signOutPopup'],
  ] as const) {
    if (options[name] !== undefined && typeof value !== 'function') {
      throw new OidcSessionError(
        'config',
        `\`${name}\` takes \`${factory}()\` from @oidc-session/core, got ${String(options[name])}.`,
      );
    }
  }
  return {
    ...out,
    anonymous,
    probe,
    idle,
    expiry,
    onError,
    postLogoutRedirectUri: options.postLogoutRedirectUri,
    signals: options.signals ?? [],
    signOutPopup,
  };
}

/**
 * Create the session monitor of one OIDC client. Nothing runs until `start()`; on the server
 * (no `window`) the session stays `idle` and touches no browser global.
 *
 * @throws OidcSessionError (code `config`) for invalid options, a UserManager with
 * `monitorSession: true` (two pollers would fight), or one without `silent_redirect_uri`.
 */
export function createOidcSession(options: OidcSessionOptions): OidcSession {
  if (!options || typeof options.userManager?.getUser !== 'function') {
    throw new OidcSessionError('config', 'createOidcSession needs { userManager }.');
  }
  const port = userManagerPort(options.userManager);
  const win = typeof window === 'undefined' ? undefined : window;
  const crossTab = crossTabEvents(openTabChannel);
  const session = createSessionEngine(
    {
      ...resolveSettings(options),
      postLogoutRedirectUri:
        options.postLogoutRedirectUri ?? options.userManager.settings.post_logout_redirect_uri,
    },
    {
      port,
      createFrame: createDomOpFrame,
      tabStorage: safeStorage(() => win?.sessionStorage),
      browserStorage: safeStorage(() => win?.localStorage),
      navigate: options.navigate ?? ((url) => win?.location.assign(url)),
      postForm: (url, params) => win && postForm(win.document, url, params),
      openWindow: (url, features) => win?.open(url, '_blank', features) ?? null,
      openChannel: crossTab.open,
      window: win,
      locks: win?.navigator.locks,
      probe: (url) =>
        fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(
          () => true,
          () => false,
        ),
      sameSite: (opOrigin) =>
        !!win &&
        isSameSite(win.location.origin, opOrigin, (domain) =>
          cookieDomainAccepted(win.document, domain),
        ),
      clock: systemClock,
    },
  );
  return crossTab.attach(session);
}
