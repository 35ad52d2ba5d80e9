// A real OpenID Provider for the demos and the browser e2e tests: panva's oidc-provider 6.31.1,
// the last release with OIDC Session Management (check_session_iframe) and Front-Channel Logout.
// See README.md (next to this file) for the why of each setting.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

import {
  clientMetadata,
  defaultClients,
  DEFAULT_BACKCHANNEL_ORIGIN,
  DEFAULT_ORIGIN,
  normalizeOrigin,
} from './clients.js';
import { logProviderEvents, requestLogMiddleware, v } from './logging.js';
import { offlineHtmlMiddleware } from './offline-html.js';
import { profileNamed } from './profiles.js';
import {
  logoutPendingSource,
  logoutSource,
  postLogoutSuccessSource,
  renderError,
} from './pages.js';

export {
  clientMetadata,
  defaultClients,
  DEFAULT_BACKCHANNEL_ORIGIN,
  DEFAULT_ORIGIN,
} from './clients.js';
export { runDevOpCli } from './run-cli.js';
export { SHA256_PATH, CHECK_SESSION_SRI, sriOf } from './offline-html.js';
export { PROFILES, PROFILE_NAMES } from './profiles.js';
/** @typedef {import('./profiles.js').ProfileName} ProfileName */
/** @typedef {import('./clients.js').ClientSpec} ClientSpec */

const require = createRequire(import.meta.url);
/** @type {any} oidc-provider 6 is CommonJS */
const Provider = require('oidc-provider');

const AUTHORIZATION_PATH = '/auth'; // oidc-provider 6.31.1's default routes.authorization

/**
 * @typedef {object} DevOpOptions
 * @property {string} [origin] the issuer, e.g. `http://localhost:4011` (default) or
 *   `http://127.0.0.1:4011`; its host must be loopback (localhost, 127.x.x.x, [::1])
 * @property {number} [port] listen on this port instead of the origin's; 0 picks a free one.
 *   The returned issuer carries the port actually used.
 * @property {import('./clients.js').ClientSpec[]} [clients] default: the three demo apps, with
 *   the origins from REACT_DEMO_ORIGIN / VUE_DEMO_ORIGIN / ANGULAR_DEMO_ORIGIN or their defaults
 * @property {string} [backchannelOrigin] where back-channel logout tokens are POSTed
 *   (`<origin>/backchannel-logout/<client_id>`); default env BACKCHANNEL_ORIGIN or http://localhost:4012
 * @property {import('./profiles.js').ProfileName} [profile] how the OP behaves: `default`, or one
 *   of the profiles that reproduce real OPs' deviations (see PROFILE_NAMES and the README); an
 *   unknown name throws a TypeError
 * @property {(line: string) => void} [log] one line per event; default console.log
 */

/**
 * Starts the OP and resolves once it listens. Prints `dev-op ready <issuer>` through `log`.
 * @param {DevOpOptions} [options]
 * @returns {Promise<{ issuer: string, profile: string, provider: any, close(): Promise<void> }>}
 */
export async function startDevOp({
  origin = DEFAULT_ORIGIN,
  port,
  clients = defaultClients(),
  backchannelOrigin = process.env.BACKCHANNEL_ORIGIN || DEFAULT_BACKCHANNEL_ORIGIN,
  profile = 'default',
  log = (line) => console.log(line),
} = {}) {
  const behaviour = profileNamed(profile);
  const url = new URL(normalizeOrigin(origin, 'OP origin'));
  if (url.protocol !== 'http:') throw new TypeError(`dev-op serves plain http only: ${origin}`);
  const hosts = loopbackHosts(url.hostname);
  const wanted = port ?? Number(url.port || 80);

  /** @type {(req: any, res: any) => void} */
  let handler = (req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const servers = await listenAll(hosts, wanted, (req, res) => handler(req, res));
  const actualPort = /** @type {import('node:net').AddressInfo} */ (servers[0].address()).port;
  url.port = String(actualPort);
  const issuer = url.origin; // no trailing slash

  try {
    const provider = createProvider(issuer, {
      clients,
      backchannelOrigin,
      profile: behaviour,
      log,
    });
    handler = provider.callback;
    if (profile !== 'default') log(`dev-op profile ${profile}`);
    log(`dev-op ready ${issuer}`);
    return {
      issuer,
      profile,
      provider,
      close: () => closeAll(servers),
    };
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
}

/**
 * @param {string} issuer
 * @param {{ clients: import('./clients.js').ClientSpec[], backchannelOrigin: string, profile: import('./profiles.js').Profile, log: (line: string) => void }} options
 */
function createProvider(issuer, { clients, backchannelOrigin, profile, log }) {
  const adjust = profile.client ?? ((m) => m);
  const metadata = clients.map((spec) => adjust(clientMetadata(spec, backchannelOrigin)));
  const clientByFrontchannelUri = new Map(
    metadata.map((c) => [String(c.frontchannel_logout_uri).split('?')[0], c.client_id]),
  );
  // Origins an SPA of each client may call the token/userinfo/revocation endpoints from.
  const originsByClient = new Map(
    metadata.map((c) => [c.client_id, new Set(c.redirect_uris.map((uri) => new URL(uri).origin))]),
  );

  const provider = new Provider(issuer, {
    clients: metadata,
    findAccount,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      // claims without a scope, added by the OP when applicable
      sid: null,
      auth_time: null,
      acr: null,
      iss: null,
    },
    // Put the profile/email claims in the ID token too (6.x keeps them for userinfo only when the
    // response_type is `code`): the demos show the user's name from the ID token.
    conformIdTokenClaims: false,

    features: {
      devInteractions: { enabled: true }, // any login + password, then a consent page
      // check_session_iframe /session/check
      sessionManagement: { enabled: profile.sessionManagement ?? true, ack: 'draft-30' },
      frontchannelLogout: {
        enabled: true,
        ack: 'draft-04',
        logoutPendingSource: logoutPendingSource({
          rewrite: profile.frontchannelUri,
          onFrame(src) {
            const client = clientByFrontchannelUri.get(src.split('?')[0]);
            log(`frontchannel client=${v(client)} uri=${v(src)}`);
          },
        }),
      },
      backchannelLogout: { enabled: true, ack: 'draft-06' },
      // A stable feature in 6.31.1 (no ack); on by default, spelled out for the reader.
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      revocation: { enabled: true }, // lets RPs revoke their tokens at sign-out
    },
    renderError,

    responseTypes: ['code'], // code flow only (6.x also enables implicit/hybrid by default)

    // Public clients: PKCE (S256) always.
    pkce: { methods: ['S256'], required: () => true },

    // Only the client's own origins may call the token endpoint from a browser (the default lets
    // any origin through). Same origin rule as the check_session iframe's, so a misconfigured app
    // origin fails loudly at the first token request.
    clientBasedCORS(ctx, requestOrigin, client) {
      return originsByClient.get(client.clientId)?.has(requestOrigin) ?? false;
    },

    // 6.x only issues refresh tokens for `offline_access`, which it drops unless prompt=consent.
    // Issue them to every client allowed the grant instead: without offline_access they are bound
    // to the OP session (expiresWithSession), so they die with a logout, as an SPA expects.
    async issueRefreshToken(ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },

    ttl: {
      AccessToken: 15 * 60,
      IdToken: 15 * 60,
      AuthorizationCode: 60,
      // RefreshToken: 6.31.1's default (rotation for public clients, 14 days)
    },

    cookies: {
      // Trap 2: the 6.x default `SameSite=None` long cookies come without `Secure` over plain http
      // and Chromium drops them; the `.legacy` twin that survives is never cleared at logout, so
      // the iframe would say `unchanged` forever. Lax works same-site over http.
      long: { sameSite: 'lax', signed: true },
      short: { sameSite: 'lax', signed: true },
      // The sessions live in memory, so new keys per process lose nothing.
      keys: [randomBytes(32).toString('base64url')],
    },

    // A fresh signing key per process (instead of 6.x's built-in development keys).
    jwks: { keys: [signingKey()] },
  });

  // No TLS-terminating proxy in front: trust no X-Forwarded-* header.
  provider.proxy = false;

  // provider.use() runs these before oidc-provider's own middlewares (and so after them on the
  // way out): local jsSHA + rewritten check_session page (trap 1), and the request log lines.
  provider.use(requestLogMiddleware(log, AUTHORIZATION_PATH));
  provider.use(offlineHtmlMiddleware());
  // The profile's hooks run inside those: they see the OP's own pages and answers.
  if (profile.middleware) provider.use(profile.middleware(provider, log));
  const { checkSessionPage } = profile;
  if (checkSessionPage) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route === 'check_session' && typeof ctx.body === 'string') {
        ctx.body = checkSessionPage(ctx.body);
      }
    });
  }
  logProviderEvents(provider, log);

  return provider;
}

/**
 * devInteractions accepts any login name: it becomes the `sub`.
 * @param {any} ctx
 * @param {string} sub
 */
async function findAccount(ctx, sub) {
  return {
    accountId: sub,
    async claims() {
      return profileOf(sub);
    },
  };
}

/**
 * Plausible claims for a login name: `alice` -> Alice, alice@example.com.
 * @param {string} sub
 */
export function profileOf(sub) {
  const local = sub.includes('@') ? sub.split('@')[0] : sub;
  const name = local
    .split(/[\s._-]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
  const email = sub.includes('@')
    ? sub
    : `${sub.toLowerCase().replace(/[^a-z0-9._-]+/g, '.') || 'user'}@example.com`;
  return {
    sub,
    name: name || sub,
    preferred_username: sub,
    email,
    email_verified: true,
  };
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `dev-op-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
}

/**
 * Loopback addresses to listen on for the issuer's host. `localhost` gets both 127.0.0.1 and ::1:
 * Chromium resolves it itself and may try ::1 first.
 * @param {string} hostname
 * @returns {{ host: string, optional: boolean }[]}
 */
function loopbackHosts(hostname) {
  if (hostname === 'localhost') {
    return [
      { host: '127.0.0.1', optional: false },
      { host: '::1', optional: true }, // a machine without IPv6 still serves localhost on IPv4
    ];
  }
  if (/^127(\.\d{1,3}){3}$/.test(hostname)) return [{ host: hostname, optional: false }];
  if (hostname === '[::1]') return [{ host: '::1', optional: false }];
  throw new TypeError(
    `dev-op binds to loopback only; use localhost, 127.x.x.x or [::1], not ${hostname}`,
  );
}

/**
 * Listens on every host on one port (port 0: the first host picks it, the others follow;
 * retried a few times in case the picked port is taken on the other address).
 * @param {{ host: string, optional: boolean }[]} hosts
 * @param {number} port
 * @param {import('node:http').RequestListener} listener
 */
async function listenAll(hosts, port, listener) {
  for (let attempt = 0; ; attempt += 1) {
    /** @type {import('node:http').Server[]} */
    const servers = [];
    let chosen = port;
    try {
      for (const { host, optional } of hosts) {
        const server = createServer(listener);
        try {
          await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen({ host, port: chosen, exclusive: true }, () => resolve(undefined));
          });
        } catch (err) {
          const code = /** @type {NodeJS.ErrnoException} */ (err).code;
          if (optional && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
          throw err;
        }
        servers.push(server);
        chosen = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      }
      return servers;
    } catch (err) {
      await closeAll(servers);
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (port === 0 && code === 'EADDRINUSE' && attempt < 5) continue;
      throw err;
    }
  }
}

/** @param {import('node:http').Server[]} servers */
async function closeAll(servers) {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          server.close(() => resolve(undefined));
          server.closeAllConnections(); // browsers keep connections alive
        }),
    ),
  );
}
