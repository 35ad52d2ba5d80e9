// The post-logout redirect page's handler. A standalone function (not a session method) so pages
// that only monitor do not ship it, and the return page needs no session at all.
import { OidcSessionError } from './errors';
import { readJson, safeStorage } from './storage';
import type { KeyValueStorage, SignOutCallbackResult } from './types';

/** Where `signOut` keeps the `state` it sent, in the tab's sessionStorage. */
export const SIGNOUT_KEY = 'oidc-session:signout:';
const MAX_AGE = 60 * 60 * 1000;
const STATE_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Finish an RP-initiated logout on the `post_logout_redirect_uri` page: checks that `state` is the
 * one `session.signOut()` sent from this tab in the last hour, consumes it, and returns the
 * `appState` given to `signOut`. On a missing, foreign, expired or tampered `state`, or an `error`
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
