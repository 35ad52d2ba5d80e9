// The post-logout redirect page's handler. A standalone function (not a session method) so pages
// that only monitor do not ship it, and the return page needs no session at all.
import { OidcSessionError } from './errors';
import { readJson, safeStorage } from './storage';
import type { KeyValueStorage, SignOutCallbackResult } from './types';

/** Where `signOut` keeps the `state` it sent, in the tab's sessionStorage. */
export const SIGNOUT_KEY = 'oidc-session:signout:';
const MAX_AGE = 60 * 60 * 1000;
const STATE_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;
/** The `type` of the message a sign-out popup's return page sends to the tab that opened it. */
export const POPUP_RETURN = 'oidc-session:signout-return';

/**
 * This page is the return of a `signOut({ mode: 'popup' })` started by its opener (same origin,
 * and the opener holds this `state` as a popup's): hand the URL to the opener, which checks it.
 */
function relayToOpener(url: string, state: string): boolean {
  try {
    const opener = typeof window === 'undefined' ? null : (window.opener as Window | null);
    if (!opener || opener === window || opener.location.origin !== location.origin) return false;
    const stored = readJson(
      safeStorage(() => opener.sessionStorage),
      SIGNOUT_KEY + state,
    ) as {
      popup?: unknown;
    } | null;
    if (stored?.popup !== true) return false;
    opener.postMessage({ type: POPUP_RETURN, url }, location.origin);
    return true;
  } catch {
    // A cross-origin opener throws on `location`: not ours.
    return false;
  }
}

/**
 * Finish an RP-initiated logout on the `post_logout_redirect_uri` page: checks that `state` is the
 * one `session.signOut()` sent from this tab in the last hour, consumes it, and returns the
 * `appState` given to `signOut`. In the popup of `signOut({ mode: 'popup' })` it hands the URL to
 * the tab that opened the popup instead (which checks the `state` and closes the popup), and
 * resolves with `inPopup: true`. On a missing, foreign, expired or tampered `state`, or an `error`
 * from the OP, it rejects with an {@link OidcSessionError} and changes nothing.
 *
 * @param url the return URL; defaults to `location.href`.
 * @param storage where `signOut` stored the state; defaults to `sessionStorage`.
 */
export async function handleSignOutCallback(
  url: string = location.href,
  storage: KeyValueStorage = safeStorage(() => sessionStorage),
): Promise<SignOutCallbackResult> {
  const params = new URL(url).searchParams;
  const state = params.get('state');
  if (!state) {
    throw new OidcSessionError('signout-state-missing', 'The sign-out return has no `state`.');
  }
  if (STATE_FORMAT.test(state) && relayToOpener(url, state))
    return { appState: null, inPopup: true };
  const key = SIGNOUT_KEY + state;
  const stored = STATE_FORMAT.test(state)
    ? (readJson(storage, key) as { at?: unknown; appState?: unknown } | null)
    : null;
  const at = stored?.at;
  if (typeof at !== 'number' || !(Date.now() - at < MAX_AGE && at <= Date.now())) {
    throw new OidcSessionError(
      'signout-state-mismatch',
      'The sign-out `state` matches no sign-out started in this tab in the last hour.',
    );
  }
  const error = params.get('error');
  if (error) throw new OidcSessionError('signout-error', `The OP answered ${error}.`);
  storage.removeItem(key);
  return { appState: stored!.appState ?? null };
}
