// Adapts an oidc-client-ts UserManager to the engine's port. oidc-client-ts is a peer dependency:
// bundlers resolve it to the app's copy, so `instanceof ErrorResponse` sees the same class.
import { ErrorResponse, type User, type UserManager } from 'oidc-client-ts';
import type { PortUser, SessionClientPort, SilentCheckResult } from './client-port';
import { OidcSessionError } from './errors';
import { randomId } from './nonce';

const LOGIN_REQUIRED = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);
// OAuth errors that say "try later" rather than "no".
const TRANSIENT_ERRORS = new Set(['server_error', 'temporarily_unavailable']);

function toPortUser(user: User | null): PortUser | null {
  return user ? fromUser(user) : null;
}

function fromUser(user: User): PortUser {
  return {
    sub: user.profile.sub,
    sessionState: user.session_state ?? null,
    idToken: user.id_token,
    profile: user.profile as Record<string, unknown>,
    times: {
      idToken: seconds(user.profile.exp),
      accessToken: seconds(user.expires_at),
      // oidc-client-ts drops `auth_time` from the profile (a protocol claim): read the token.
      authTime: seconds(claim(user.id_token, 'auth_time')),
    },
  };
}

/** A time in seconds since epoch, as ms; `null` when absent or not a number. */
function seconds(value: unknown): number | null {
  return typeof value === 'number' && value > 0 && value < 1e11 ? value * 1000 : null;
}

/** One claim of a JWT's payload, unverified (the client verified the ID Token when it got it). */
function claim(jwt: string | undefined, name: string): unknown {
  try {
    const part = jwt?.split('.')[1];
    if (!part) return undefined;
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return (JSON.parse(json) as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

/** Adapt an oidc-client-ts `UserManager`; throws an {@link OidcSessionError} on misconfiguration. */
export function userManagerPort(userManager: UserManager): SessionClientPort {
  const settings = userManager.settings;
  if (settings.monitorSession) {
    throw new OidcSessionError(
      'config',
      'Set `monitorSession: false` on the UserManager: two session monitors would fight.',
    );
  }
  if (!settings.silent_redirect_uri) {
    throw new OidcSessionError('config', 'The UserManager needs a `silent_redirect_uri`.');
  }
  return {
    clientId: settings.client_id,
    authority: settings.authority,
    getUser: async () => toPortUser(await userManager.getUser()),
    getCheckSessionIframe: () => userManager.metadataService.getCheckSessionIframe(),
    getEndSessionEndpoint: () => userManager.metadataService.getEndSessionEndpoint(),
    async silentCheck(): Promise<SilentCheckResult> {
      try {
        // querySessionStatus sends prompt=none with the stored ID Token as id_token_hint
        // (includeIdTokenInSilentRenew, on by default) and never replaces the stored user. A new
        // nonce each time: oidc-client-ts then checks the returned ID Token echoes it.
        const status = await userManager.querySessionStatus({ nonce: randomId() });
        if (status?.sub && status.session_state) {
          return { kind: 'session', sub: status.sub, sessionState: status.session_state };
        }
        // monitorAnonymousSession turns login_required into a sub-less status.
        return {
          kind: 'login-required',
          error: 'login_required',
          sessionState: status?.session_state ?? null,
        };
      } catch (err) {
        // Only an OAuth error answer is final; network failures and timeouts are transient.
        if (!(err instanceof ErrorResponse) || TRANSIENT_ERRORS.has(err.error!)) throw err;
        return LOGIN_REQUIRED.has(err.error!)
          ? { kind: 'login-required', error: err.error!, sessionState: err.session_state }
          : { kind: 'rejected', error: err.error!, description: err.error_description };
      }
    },
    async storeSessionState(sessionState) {
      const user = await userManager.getUser();
      if (!user) return;
      user.session_state = sessionState;
      await userManager.storeUser(user);
    },
    removeUser: () => userManager.removeUser(),
    // The app's own `nonce` (in args) wins; otherwise a fresh one, checked at the callback.
    signinRedirect: (args) => userManager.signinRedirect({ nonce: randomId(), ...args }),
    signinCallback: async (url) => toPortUser((await userManager.signinCallback(url)) ?? null),
    watchUser(onLoaded, onUnloaded, onRenewRefused) {
      const loaded = (user: User) => onLoaded(fromUser(user));
      // A first-party token request the OP refused for good: the session is over there.
      const renewError = (err: Error) => {
        if (
          err instanceof ErrorResponse &&
          (LOGIN_REQUIRED.has(err.error!) || err.error === 'invalid_grant')
        )
          onRenewRefused();
      };
      const { events } = userManager;
      events.addUserLoaded(loaded);
      events.addUserUnloaded(onUnloaded);
      events.addSilentRenewError(renewError);
      return () => {
        events.removeUserLoaded(loaded);
        events.removeUserUnloaded(onUnloaded);
        events.removeSilentRenewError(renewError);
      };
    },
  };
}
