// Opt-in: `signOut({ mode: 'popup' })` needs `createOidcSession({ signOutPopup: signOutPopup() })`,
// so apps that only redirect do not ship the popup's return handling.
import { OidcSessionError } from './errors';
import { handleSignOutCallback, POPUP_RETURN } from './sign-out-callback';
import type { KeyValueStorage, SignOutCallbackResult } from './types';

/** What `signOut({ mode: 'popup' })` needs; made by {@link signOutPopup}. */
export interface SignOutPopupFeature {
  /** Open the popup with `open` (`window.open`); a blocked popup throws `signout-popup-blocked`. */
  open(open: (url: string, features: string) => Window | null, features: string): Window;
  /** Resolve once `popup` came back to this app with the `state` this tab stored. */
  awaitReturn(
    win: Window,
    popup: Window,
    storage: KeyValueStorage,
    timeout: number,
  ): Promise<SignOutCallbackResult>;
}

/**
 * Enable `signOut({ mode: 'popup' })`: the OP's end-session page opens in a popup and the app
 * page stays. The popup's return page (the `post_logout_redirect_uri`) calls
 * `handleSignOutCallback()` as usual; it hands the URL to this tab, which checks `state`.
 */
export function signOutPopup(): SignOutPopupFeature {
  return {
    open(open, features) {
      const popup = open('about:blank', features);
      if (!popup) {
        throw new OidcSessionError(
          'signout-popup-blocked',
          'The browser blocked the sign-out popup (call signOut from a click); nothing changed.',
        );
      }
      return popup;
    },
    awaitReturn: awaitPopupReturn,
  };
}

/** How often a sign-out popup is looked at: it may be closed by the user at any time. */
const CLOSED_CHECK_MS = 250;

/**
 * Wait for the sign-out popup to come back to the app: its return page relays its URL (see
 * {@link handleSignOutCallback}) and this tab checks the `state` against its own storage. Rejects
 * when the popup is closed before it returns, or after `timeout` (the popup is closed then).
 */
function awaitPopupReturn(
  win: Window,
  popup: Window,
  storage: KeyValueStorage,
  timeout: number,
): Promise<SignOutCallbackResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let timer = 0;
    const finish = (outcome: Promise<SignOutCallbackResult>) => {
      win.removeEventListener('message', onMessage);
      win.clearTimeout(timer);
      try {
        popup.close();
      } catch {
        // already gone
      }
      outcome.then(resolve, reject);
    };
    // Only the popup we opened, from our own origin, with exactly the relay's shape.
    const onMessage = (e: MessageEvent) => {
      if (e.source !== popup || e.origin !== win.location.origin) return;
      const data = e.data as { type?: unknown; url?: unknown } | null;
      if (!data || data.type !== POPUP_RETURN || typeof data.url !== 'string') return;
      if (data.url.length > 4096 || !data.url.startsWith(win.location.origin + '/')) return;
      finish(handleSignOutCallback(data.url, storage));
    };
    const watch = () => {
      if (popup.closed) {
        return finish(
          Promise.reject(
            new OidcSessionError(
              'signout-popup-closed',
              'The sign-out popup was closed before the OP sent it back; the local user is signed out, the OP session may remain.',
            ),
          ),
        );
      }
      if (Date.now() - started >= timeout) {
        return finish(
          Promise.reject(
            new OidcSessionError(
              'signout-popup-timeout',
              `The sign-out popup did not come back within ${timeout} ms; it was closed.`,
            ),
          ),
        );
      }
      timer = win.setTimeout(watch, CLOSED_CHECK_MS);
    };
    win.addEventListener('message', onMessage);
    timer = win.setTimeout(watch, CLOSED_CHECK_MS);
  });
}
