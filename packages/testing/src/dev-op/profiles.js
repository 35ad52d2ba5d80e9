// OP profiles: the same real oidc-provider 6.31.1, bent to behave like OPs seen in the field, so
// the library's outcome for each can be tested end to end. Each profile is a set of small hooks
// that index.js applies; `default` applies none. Why each exists: README.md here, "Profiles".

import { loginPageOnPromptNone } from './login-page-on-prompt-none.js';
import { requireNonce } from './require-nonce.js';

/**
 * @typedef {'default' | 'broken-iframe' | 'login-page-on-prompt-none' | 'frontchannel-no-iss' | 'frontchannel-sid-is-sub' | 'no-check-session' | 'require-nonce'} ProfileName
 */

/**
 * @typedef {object} Profile
 * @property {string} description one line, for the CLI's help and the README
 * @property {(metadata: Record<string, unknown>) => Record<string, unknown>} [client] adjusts
 *   each client's registered metadata
 * @property {boolean} [sessionManagement] false: no check_session_iframe (default true)
 * @property {(html: string) => string} [checkSessionPage] rewrites the check_session page
 * @property {(src: URL, ctx: any) => URL} [frontchannelUri] rewrites each front-channel call
 * @property {(provider: any, log: (line: string) => void) => (ctx: any, next: () => Promise<void>) => Promise<void>} [middleware]
 *   a Koa middleware run before oidc-provider's own (and after them on the way out)
 */

// Where 6.31.1's check_session page computes the value it compares with session_state.
const EXPECTED_HASH = 'var expected = shab64u(clientId, origin, opbs, salt);';

/** @type {Record<ProfileName, Profile>} */
export const PROFILES = {
  default: {
    description: 'Session Management, front- and back-channel logout, as the specs say',
  },
  'broken-iframe': {
    description:
      'the check_session iframe hashes another formula than the server: `changed` to every real session_state (LemonLDAP::NG 2.16)',
    checkSessionPage(html) {
      if (!html.includes(EXPECTED_HASH)) {
        throw new Error('dev-op: unexpected check_session page markup; cannot break its hash');
      }
      // client_id and origin swapped: a formula the server never used.
      return html.replace(EXPECTED_HASH, 'var expected = shab64u(origin, clientId, opbs, salt);');
    },
  },
  'login-page-on-prompt-none': {
    description:
      'prompt=none without a session answers 200 with a login page that refuses framing, never error=login_required (LemonLDAP::NG 2.16)',
    middleware: loginPageOnPromptNone,
  },
  'frontchannel-no-iss': {
    description: 'front-channel logout calls carry `sid` but no `iss` (Entra ID)',
    frontchannelUri(src) {
      const url = new URL(src);
      url.searchParams.delete('iss');
      return url;
    },
  },
  'frontchannel-sid-is-sub': {
    description:
      'front-channel `sid` is the user id, and ID Tokens carry no `sid` claim (LemonLDAP::NG 2.16)',
    // 6.31.1 puts `sid` in ID Tokens only for clients that require it at logout; it then also
    // leaves it out of the front-channel URL, which frontchannelUri below writes itself.
    client: (metadata) => ({
      ...metadata,
      frontchannel_logout_session_required: false,
      backchannel_logout_session_required: false,
    }),
    frontchannelUri(src, ctx) {
      const url = new URL(src);
      url.searchParams.set('iss', ctx.oidc.issuer);
      url.searchParams.set('sid', ctx.oidc.session.accountId());
      return url;
    },
  },
  'no-check-session': {
    description:
      'no Session Management (no check_session_iframe, no session_state); back-channel logout on (oidc-provider >= 7, Logto, Auth0, ...)',
    sessionManagement: false,
  },
  'require-nonce': {
    description:
      'authorization requests without `nonce` are rejected with invalid_request, prompt=none included (Glewlwyd 2.7)',
    middleware: requireNonce,
  },
};

/** The profile names, `default` first. */
export const PROFILE_NAMES = /** @type {ProfileName[]} */ (Object.keys(PROFILES));

/**
 * The profile called `name`; throws a TypeError naming the valid ones otherwise.
 * @param {string} name
 * @returns {Profile}
 */
export function profileNamed(name) {
  if (!PROFILE_NAMES.includes(/** @type {ProfileName} */ (name))) {
    throw new TypeError(
      `dev-op: unknown profile ${JSON.stringify(name)}; one of ${PROFILE_NAMES.join(', ')}`,
    );
  }
  return PROFILES[/** @type {ProfileName} */ (name)];
}
