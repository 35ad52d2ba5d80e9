// Client registrations of the dev OP: the demo apps (and whatever an e2e test adds).

/** @typedef {{ clientId: string, origin: string, metadata?: Record<string, unknown> }} ClientSpec */

/** The issuer when none is given. */
export const DEFAULT_ORIGIN = 'http://localhost:4011';

export const DEFAULT_BACKCHANNEL_ORIGIN = 'http://localhost:4012';

/**
 * The demo apps, each origin overridable by env (REACT_DEMO_ORIGIN, VUE_DEMO_ORIGIN,
 * ANGULAR_DEMO_ORIGIN).
 * @param {Record<string, string | undefined>} [env]
 * @returns {ClientSpec[]}
 */
export function defaultClients(env = process.env) {
  return [
    { clientId: 'react-demo', origin: env.REACT_DEMO_ORIGIN || 'http://localhost:5173' },
    { clientId: 'vue-demo', origin: env.VUE_DEMO_ORIGIN || 'http://localhost:5174' },
    { clientId: 'angular-demo', origin: env.ANGULAR_DEMO_ORIGIN || 'http://localhost:4200' },
  ];
}

/**
 * Full oidc-provider client metadata for a public SPA at `origin` (code flow + PKCE).
 *
 * The OP's check_session iframe only answers RPs whose origin is exactly the origin of one of
 * the client's redirect_uris (trap 3), so `origin` must be the very origin the app is served
 * from: `http://localhost:5173` and `http://127.0.0.1:5173` are different origins.
 *
 * @param {ClientSpec} spec
 * @param {string} backchannelOrigin
 */
export function clientMetadata({ clientId, origin, metadata = {} }, backchannelOrigin) {
  const base = normalizeOrigin(origin, `origin of client ${clientId}`);
  const backchannel = normalizeOrigin(backchannelOrigin, 'backchannel origin');
  return {
    client_id: clientId,
    client_name: clientId,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${base}/callback`, `${base}/silent-callback`],
    post_logout_redirect_uris: [`${base}/logout-callback`, `${base}/`],
    frontchannel_logout_uri: `${base}/frontchannel-logout`,
    frontchannel_logout_session_required: true,
    backchannel_logout_uri: `${backchannel}/backchannel-logout/${encodeURIComponent(clientId)}`,
    backchannel_logout_session_required: true,
    id_token_signed_response_alg: 'RS256',
    scope: 'openid profile email offline_access',
    ...metadata,
  };
}

/**
 * `http://localhost:5173/` -> `http://localhost:5173`; rejects anything with a path, query or hash.
 * @param {string} value
 * @param {string} what
 */
export function normalizeOrigin(value, what) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what}: not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${what}: must be http(s): ${value}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new TypeError(`${what}: must be a bare origin (scheme://host:port): ${value}`);
  }
  return url.origin;
}
