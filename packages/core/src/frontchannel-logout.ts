// The page at the registered `frontchannel_logout_uri` (OpenID Connect Front-Channel Logout 1.0).
// The OP renders it in a hidden iframe when the user logs out; it must work without the app.
import type { UserManager } from 'oidc-client-ts';
import { channelName, openTabChannel } from './tab-channel';

declare const process: { env: Record<string, string | undefined> } | undefined;

/**
 * Opt-ins for OPs that depart from Front-Channel Logout 1.0. Both are off by default: the spec's
 * rule (`iss` and `sid` both present and both matching the held ID Token) is the safe one.
 */
export interface FrontchannelLogoutOptions {
  /** The request URL; defaults to `location.href`. */
  url?: string;
  /**
   * `false` accepts a request without `iss` when its `sid` matches the held ID Token's `sid`
   * claim (Entra ID sends `sid` alone). An `iss` that is present must still match. Default `true`.
   */
  requireIss?: boolean;
  /**
   * `true` accepts `sid` equal to the user's `sub` when the held ID Token has no `sid` claim
   * (LemonLDAP::NG sends the user id as `sid`). Only the user this browser holds can match, so a
   * request naming another user is ignored. Default `false`.
   */
  sidIsSub?: boolean;
}

/** What {@link handleFrontchannelLogout} did. */
export interface FrontchannelLogoutResult {
  /** Whether the local user was removed and the other tabs told. */
  readonly signedOut: boolean;
  /**
   * Why nothing was done, when `signedOut` is false. `ambiguous-params`: `iss` or `sid` given more
   * than once (never guess which one counts).
   */
  readonly ignored:
    'missing-iss-or-sid' | 'ambiguous-params' | 'no-user' | 'iss-mismatch' | 'sid-mismatch' | null;
}

/**
 * Handle a front-channel logout request: signs out only if `iss` equals the held ID Token's
 * issuer exactly and `sid` its `sid` claim (see {@link FrontchannelLogoutOptions} for the opt-ins
 * some OPs need); then tells the app's other tabs (they show `ended`, reason
 * `frontchannel-logout`) and removes the stored user. Anything else is ignored quietly (the
 * reason goes to the console in development builds); it never throws on bad input.
 *
 * Works where the iframe shares storage with the app: same-site OP and app, and a user store in
 * `localStorage` (oidc-client-ts's default `sessionStorage` is per tab, invisible to the iframe).
 *
 * @param userManager the app's UserManager (same settings as the app's).
 * @param urlOrOptions the request URL (default `location.href`), or the options.
 */
export async function handleFrontchannelLogout(
  userManager: UserManager,
  urlOrOptions: string | FrontchannelLogoutOptions = {},
): Promise<FrontchannelLogoutResult> {
  const options = typeof urlOrOptions === 'string' ? { url: urlOrOptions } : urlOrOptions;
  const params = new URL(options.url ?? location.href).searchParams;
  const iss = params.get('iss');
  const sid = params.get('sid');
  const requireIss = options.requireIss !== false;
  const user = sid && (iss || !requireIss) ? await userManager.getUser().catch(() => null) : null;
  const profile = user?.profile;
  // A held ID Token without `sid` may stand for its `sub` (opt-in); one with `sid` never does.
  const heldSid = profile && (profile.sid ?? (options.sidIsSub === true ? profile.sub : undefined));
  const ignored =
    params.getAll('iss').length > 1 || params.getAll('sid').length > 1
      ? 'ambiguous-params'
      : !sid || (!iss && requireIss)
        ? 'missing-iss-or-sid'
        : !profile
          ? 'no-user'
          : iss !== null && profile.iss !== iss
            ? 'iss-mismatch'
            : typeof heldSid !== 'string' || heldSid !== sid
              ? 'sid-mismatch'
              : null;
  if (ignored) {
    if (typeof process === 'undefined' || process.env.NODE_ENV !== 'production') {
      console.info(`[oidc-session] front-channel logout ignored: ${ignored}`);
    }
    return { signedOut: false, ignored };
  }
  const { authority, client_id } = userManager.settings;
  const channel = openTabChannel(window, channelName(authority, client_id), () => {});
  channel.post({
    type: 'end',
    status: 'ended',
    reason: 'frontchannel-logout',
    sub: profile!.sub,
  });
  channel.close();
  await userManager.removeUser();
  return { signedOut: true, ignored: null };
}
