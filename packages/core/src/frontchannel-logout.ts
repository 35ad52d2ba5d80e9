// The page at the registered `frontchannel_logout_uri` (OpenID Connect Front-Channel Logout 1.0).
// The OP renders it in a hidden iframe when the user logs out; it must work without the app.
import type { UserManager } from 'oidc-client-ts';
import { channelName, openTabChannel } from './tab-channel';

declare const process: { env: Record<string, string | undefined> } | undefined;

/** What {@link handleFrontchannelLogout} did. */
export interface FrontchannelLogoutResult {
  /** Whether the local user was removed and the other tabs told. */
  readonly signedOut: boolean;
  /** Why nothing was done, when `signedOut` is false. */
  readonly ignored: 'missing-iss-or-sid' | 'no-user' | 'iss-mismatch' | 'sid-mismatch' | null;
}

/**
 * Handle a front-channel logout request: signs out only if `iss` equals the held ID Token's
 * issuer exactly and `sid` its `sid` claim; then tells the app's other tabs (they show `ended`,
 * reason `frontchannel-logout`) and removes the stored user. Anything else is ignored quietly
 * (the reason goes to the console in development builds); it never throws on bad input.
 *
 * Works where the iframe shares storage with the app: same-site OP and app, and a user store in
 * `localStorage` (oidc-client-ts's default `sessionStorage` is per tab, invisible to the iframe).
 *
 * @param userManager the app's UserManager (same settings as the app's).
 * @param url the request URL; defaults to `location.href`.
 */
export async function handleFrontchannelLogout(
  userManager: UserManager,
  url: string = location.href,
): Promise<FrontchannelLogoutResult> {
  const params = new URL(url).searchParams;
  const iss = params.get('iss');
  const sid = params.get('sid');
  const user = iss && sid ? await userManager.getUser().catch(() => null) : null;
  const ignored =
    !iss || !sid
      ? 'missing-iss-or-sid'
      : !user
        ? 'no-user'
        : user.profile.iss !== iss
          ? 'iss-mismatch'
          : user.profile.sid !== sid
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
    sub: user!.profile.sub,
  });
  channel.close();
  await userManager.removeUser();
  return { signedOut: true, ignored: null };
}
