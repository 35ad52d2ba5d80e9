// Public types of @oidc-session/core: the snapshot (state), the events, the options.
import type { CrossTabEvent } from './cross-tab-event';

/**
 * Where the user's session at the OpenID Provider stands, as this tab knows it.
 *
 * - `idle`: not started, or running on the server.
 * - `signed-out`: no user in this app.
 * - `starting`: loading the OP's check-session iframe.
 * - `active`: the last check said the OP session is unchanged.
 * - `reauthenticating`: the OP said `changed`; a silent `prompt=none` request is finding out why.
 * - `ended`: the OP session of this user is over (logout elsewhere, expiry, another user).
 * - `unsupported`: this browser or OP cannot tell (no check-session iframe, the iframe never
 *   answers, third-party cookies blocked). The session is NOT ended; other signals take over.
 * - `error`: the OP answered `error`, or re-authentication was refused or looping. The user is
 *   kept unless `onError: 'sign-out'`.
 */
export type SessionStatus =
  | 'idle'
  | 'signed-out'
  | 'starting'
  | 'active'
  | 'reauthenticating'
  | 'ended'
  | 'unsupported'
  | 'error';

/** Why the session is in its status; `null` when there is nothing to explain. */
export type SessionReason =
  /** `ended`: a silent re-check said the user must log in again. */
  | 'op-logout'
  /** `ended`: the OP session now belongs to another user. */
  | 'user-switched'
  /** `ended`: another tab of this app learned that the session is over. */
  | 'other-tab'
  /** `ended`: the OP called the app's front-channel logout page for this session. */
  | 'frontchannel-logout'
  /** `ended`: the app's backend received a back-channel logout for this session. */
  | 'backchannel-logout'
  /** `signed-out`: the app signed out (this tab or another). */
  | 'signed-out'
  /**
   * `unsupported`: the OP's discovery document has no `check_session_iframe` (no Session
   * Management: oidc-provider >= 7, Auth0, Zitadel, ...), whether or not it sent `session_state`.
   */
  | 'no-check-session-iframe'
  /** `unsupported`: the user was issued without `session_state` by an OP that has the iframe. */
  | 'no-session-state'
  /** `unsupported`: the OP iframe did not load or answer in time. */
  | 'iframe-timeout'
  /**
   * `unsupported`: the OP iframe could not confirm a session just received, and the OP is on
   * another site: the browser hides the OP's cookie from it (third-party cookies blocked).
   */
  | 'third-party-cookies-blocked'
  /**
   * `unsupported`: the OP iframe could not confirm a session just received although the OP is on
   * the same site (its cookie is first-party): the OP's check_session iframe does not work
   * (e.g. LemonLDAP::NG 2.16 hashes differently in its iframe than on its server). Not the
   * browser's fault; tell the OP's operators.
   */
  | 'op-iframe-broken'
  /** `error`: the OP iframe answered `error` (malformed message or no readable OP state). */
  | 'op-error'
  /** `error`: the OP refused the silent re-check with an error that retrying will not fix. */
  | 'reauth-rejected'
  /** `error`: too many silent re-checks in the budget window. */
  | 'reauth-loop'
  /**
   * `error`: the OP answers other requests but never answered the silent re-check (3 tries, at
   * most a minute): typically an OP that shows its login page to `prompt=none` instead of
   * redirecting with `error=login_required` (LemonLDAP::NG 2.16, misconfigured OPs).
   */
  | 'reauth-timeout'
  /**
   * `starting` / `reauthenticating`: the OP could not be reached (discovery or the probe
   * failed); retrying with backoff.
   * `active`: the OP does not answer its probe; the iframe keeps checking from its cookie.
   */
  | 'op-unreachable'
  /** `signed-out` (option `anonymous`): someone is signed in at the OP; the app may offer to continue. */
  | 'op-session'
  /** `error` event only (the status does not change): a signal failed, e.g. its event stream. */
  | 'signal-failed'
  /** `signed-out` (option `idle`): nobody used any tab of the app for the idle timeout. */
  | 'idle';

/** Which deadline an `expiring` event is about. */
export type ExpiryKind = 'idToken' | 'accessToken' | 'opSession';

/**
 * Option `expiry: expiryWarnings(...)`: the deadlines the app knows without asking anyone (ms
 * since epoch, `null` when unknown). `opSession` is the ID Token's `auth_time` plus the configured
 * `opSessionMaxAge` (the OP's own session lifetime).
 */
export interface SessionExpiry {
  readonly idToken: number | null;
  readonly accessToken: number | null;
  readonly opSession: number | null;
}

/** Idle sign-out's countdown: shown during the last `warnBefore` ms before the sign-out. */
export interface IdleCountdown {
  /** When every tab signs out unless someone is active (ms since epoch). */
  readonly deadline: number;
  /** Whole seconds left, rounded up (0 in a follower's last moment). */
  readonly secondsLeft: number;
}

/** The user as the session reports it: the ID Token claims that matter plus all of them. */
export interface SessionUser {
  /** Subject identifier at the OP. */
  readonly sub: string;
  /** OP session id (`sid` claim), when the OP issues one. */
  readonly sid: string | undefined;
  /** `name` claim, when present. */
  readonly name: string | undefined;
  /** `email` claim, when present. */
  readonly email: string | undefined;
  /** Every ID Token / userinfo claim oidc-client-ts holds. */
  readonly profile: Readonly<Record<string, unknown>>;
}

/**
 * An immutable picture of the session. The same object is returned until something a user could
 * see changes, so it can be handed to `useSyncExternalStore`, a `shallowRef` or a signal as is.
 * Quiet `unchanged` polls do not create a new snapshot: use {@link OidcSession.getLastCheckedAt}
 * or the `checked` event for a live "last checked" figure.
 */
export interface SessionSnapshot {
  readonly status: SessionStatus;
  readonly reason: SessionReason | null;
  readonly user: SessionUser | null;
  /** The `session_state` being monitored, or `null`. */
  readonly sessionState: string | null;
  /** When this status was entered (ms since epoch), or `null` while `idle`. */
  readonly since: number | null;
  /** Whether this tab runs the OP iframe poller. */
  readonly isPolling: boolean;
  /**
   * Option `idle: idleSignOut(...)`: the countdown before the idle sign-out, during its last
   * `warnBefore` ms; `null` otherwise (and without the option). Activity or `stayActive()` in any
   * tab clears it in every tab.
   */
  readonly idle: IdleCountdown | null;
  /** Option `expiry: expiryWarnings(...)`: the user's known deadlines; `null` without a user or the option. */
  readonly expiry: SessionExpiry | null;
}

/** What the OP iframe answered to one check, or `timeout` when it did not answer. */
export type CheckAnswer = 'unchanged' | 'changed' | 'error' | 'timeout';

/** One-off events, apart from the snapshot (state). */
export interface SessionEventMap {
  /** The OP session of the user is over; the local user has been removed. */
  ended: { readonly reason: SessionReason; readonly user: SessionUser | null };
  /** The OP said `changed` and a silent re-check confirmed the same user: new `session_state`. */
  changed: { readonly sessionState: string; readonly user: SessionUser };
  /**
   * The OP answered `error`, refused a re-check, or the re-check budget ran out (status `error`);
   * or a signal reported a failure (reason `signal-failed`, the status does not change).
   */
  error: { readonly reason: SessionReason; readonly cause?: unknown };
  /** Monitoring cannot work here; the session is kept. */
  unsupported: { readonly reason: SessionReason };
  /**
   * Option `anonymous`: while nobody is signed in in this app, the OP reported a session for
   * `sub` (a sign-in elsewhere). Offer "continue as ..." with `signIn()`.
   */
  opSession: { readonly sub: string };
  /** Option `idle`: the countdown started or one more second passed (see the snapshot's `idle`). */
  idleWarning: IdleCountdown;
  /**
   * Option `expiry`: a deadline is `warnBefore` away (or already past when the user loaded). A
   * renewal that moves the deadline warns again for the new one.
   */
  expiring: { readonly kind: ExpiryKind; readonly at: number };
  /** A check completed (every poll, quiet ones included). */
  checked: { readonly answer: CheckAnswer; readonly at: number };
  /** A message this tab sent to, or received from, another tab of this app. */
  crossTab: CrossTabEvent;
}

/** Names of the one-off events. */
export type SessionEventName = keyof SessionEventMap;

/** Counters for tests, dashboards and benchmarks. */
export interface SessionStats {
  /** Messages posted to the OP iframe. */
  readonly posted: number;
  readonly unchanged: number;
  readonly changed: number;
  readonly error: number;
  /** Checks that got no answer within `replyTimeout`. */
  readonly timeouts: number;
  /** `message` events ignored while monitoring: wrong origin or window, not one of the three answers, or none awaited. */
  readonly ignored: number;
  /** Silent `prompt=none` re-checks started (retries after a network failure included). */
  readonly reauths: number;
}

/** Options of {@link OidcSession.signOut}. */
export interface SignOutOptions {
  /**
   * `redirect` (default): clear the local user, then send the browser to the OP's
   * `end_session_endpoint` (RP-initiated logout, a GET). `post`: the same, as a form POST (the
   * ID Token stays out of URLs and logs). `popup`: the end-session page opens in a popup and this
   * page stays; the promise resolves once the popup came back with the right `state` (its return
   * page calls {@link handleSignOutCallback}). A blocked popup rejects with `signout-popup-blocked`
   * and changes nothing. `local`: clear the local user only.
   */
  mode?: 'redirect' | 'post' | 'popup' | 'local';
  /** `popup`: how long the popup may stay open before it is closed and `signOut` rejects. Default 300000. */
  popupTimeout?: number;
  /** `popup`: `window.open` features. Default a centred 480x640 window. */
  popupFeatures?: string;
  /** Where the OP sends the browser back; must be registered at the OP. */
  postLogoutRedirectUri?: string;
  /** App data to get back from {@link handleSignOutCallback}. JSON-serialisable. */
  appState?: unknown;
  /** Passed through to the OP. */
  uiLocales?: string;
  /** Passed through to the OP. */
  logoutHint?: string;
  /** More query parameters for the end-session request. */
  extraQueryParams?: Record<string, string>;
}

/** What {@link handleSignOutCallback} returns for a valid return from the OP. */
export interface SignOutCallbackResult {
  /** The `appState` given to `signOut`, if any. */
  readonly appState: unknown;
  /**
   * This page is a sign-out popup: the URL went to the tab that opened it, which checks the
   * `state` and closes the popup (`appState` is `null` here; the opener's `signOut` resolves).
   */
  readonly inPopup?: true;
}

/** The minimal `Storage` the engine needs (sessionStorage / localStorage shape). */
export interface KeyValueStorage {
  /** The value stored under `key`, or `null`. */
  getItem(key: string): string | null;
  /** Store `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Remove what is stored under `key`. */
  removeItem(key: string): void;
}
