// A second, independent OP for the e2e suite: the current major of panva's oidc-provider (9.x),
// which has no Session Management since 7.0 (no check_session_iframe) and no Front-Channel Logout,
// like Logto, Zitadel, authentik or Auth0. Back-channel logout, RP-initiated logout and the
// development login pages are on. In memory, loopback only, plain http.
//
// Log lines on stdout (key=value, values without spaces), for the tests to wait on and count:
//   current-op ready <issuer> version=<oidc-provider version>
//   authorize client=<id> prompt=<prompt or ->
//   authorize-error client=<id> error=<code>
//   sign-in sub=<sub> client=<id>          consent sub=<sub> client=<id>
//   end-session sub=<sub> client=<id or -> logout=<all|client>
//   backchannel-token client=<id> typ=<JOSE typ header> alg=<alg>     each logout token sent
//   backchannel client=<id> sub=<sub> sid=<sid> status=ok|error [error=<why>]
//   error event=<event> client=<id or -> error=<code> description=<text>
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import Provider from 'oidc-provider';

const require = createRequire(import.meta.url);
/** The oidc-provider version this OP runs (the e2e package pins it). */
export const VERSION = JSON.parse(
  readFileSync(require.resolve('oidc-provider/package.json'), 'utf8'),
).version;

export const DEFAULT_ORIGIN = 'http://localhost:4031';

/** @param {unknown} value one `key=value` value: never empty, never a space */
const v = (value) =>
  value === undefined || value === null || value === '' ? '-' : String(value).replace(/\s+/g, '+');

/**
 * Client metadata for a public SPA at `origin` (code + PKCE), with its back-channel logout URI
 * at `backchannelOrigin` (`/backchannel-logout/<client_id>`, the demo backend's route).
 * @param {{ clientId: string, origin: string }} spec
 * @param {string} backchannelOrigin
 */
export function spaClient({ clientId, origin }, backchannelOrigin) {
  return {
    client_id: clientId,
    client_name: clientId,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${origin}/callback`, `${origin}/silent-callback`],
    post_logout_redirect_uris: [`${origin}/logout-callback`, `${origin}/`],
    backchannel_logout_uri: `${backchannelOrigin}/backchannel-logout/${encodeURIComponent(clientId)}`,
    // Every logout token carries `sid`, and so does every ID Token (oidc-provider adds it then).
    backchannel_logout_session_required: true,
    id_token_signed_response_alg: 'RS256',
  };
}

/**
 * Start the OP and resolve once it listens on `origin`'s loopback host and port.
 * @param {object} options
 * @param {string} [options.origin] the issuer; host localhost or 127.x.x.x
 * @param {{ clientId: string, origin: string }[]} options.clients
 * @param {string} options.backchannelOrigin where the clients' back-channel receivers are
 * @param {(line: string) => void} [options.log]
 */
export async function startCurrentOp({
  origin = DEFAULT_ORIGIN,
  clients,
  backchannelOrigin,
  log = (line) => console.log(line),
}) {
  const url = new URL(origin);
  if (url.protocol !== 'http:' || url.pathname !== '/' || url.search) {
    throw new TypeError(`current-op: origin must be http://<loopback host>:<port>, got ${origin}`);
  }
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  if (!/^127(\.\d{1,3}){3}$/.test(host)) {
    throw new TypeError(`current-op binds to loopback only, not ${url.hostname}`);
  }
  const backchannel = new URL(backchannelOrigin).origin;
  const provider = createProvider(url.origin, {
    clients: clients.map((c) => spaClient(c, backchannel)),
    backchannel,
    log,
  });
  const server = createServer(provider.callback());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: Number(url.port), exclusive: true }, () => resolve(undefined));
  });
  log(`current-op ready ${url.origin} version=${VERSION}`);
  return {
    issuer: url.origin,
    provider,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {string} issuer
 * @param {{ clients: object[], backchannel: string, log: (line: string) => void }} options
 */
function createProvider(issuer, { clients, backchannel, log }) {
  const origins = new Map(
    clients.map((c) => [c.client_id, new Set(c.redirect_uris.map((u) => new URL(u).origin))]),
  );
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'current-op',
    use: 'sig',
    alg: 'RS256',
  };

  const provider = new Provider(issuer, {
    clients,
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, name: sub, email: `${sub}@example.com`, email_verified: true };
        },
      };
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      sid: null,
    },
    conformIdTokenClaims: false, // the demo shows the ID Token's claims
    features: {
      devInteractions: { enabled: true }, // any login and password, then a consent page
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Only the client's own origins may call the token endpoint from a browser.
    clientBasedCORS: (ctx, requestOrigin, client) =>
      origins.get(client.clientId)?.has(requestOrigin) ?? false,
    // oidc-provider 9 refuses to connect to loopback and private addresses (SSRF protection), and
    // the demo backend listens on loopback: let the registered back-channel origin through, only it.
    async fetch(target, options) {
      if (new URL(target).origin !== backchannel) return globalThis.fetch(target, options);
      logLogoutToken(target, options.body, log);
      const { dispatcher: _ssrfGuard, ...direct } = options;
      return globalThis.fetch(target, direct);
    },
    cookies: {
      // Trap 2 of PLATFORM.md: over plain http only `SameSite=Lax` cookies survive in Chromium.
      // Lax is this version's default already; spelled out so an upgrade cannot change it unseen.
      long: { sameSite: 'lax', httpOnly: true },
      short: { sameSite: 'lax', httpOnly: true },
      keys: [randomBytes(32).toString('base64url')],
    },
    ttl: { AccessToken: 15 * 60, IdToken: 15 * 60, AuthorizationCode: 60, Session: 60 * 60 },
    jwks: { keys: [jwk] },
  });
  provider.proxy = false;

  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth' && ctx.method === 'GET') {
      log(`authorize client=${v(ctx.query.client_id)} prompt=${v(ctx.query.prompt)}`);
    }
    await next();
  });

  provider.on('authorization.error', (ctx, err) => {
    const client = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id;
    log(`authorize-error client=${v(client)} error=${v(err.error || err.message)}`);
  });
  provider.on('interaction.ended', (ctx) => {
    const { result = {}, client, session } = ctx.oidc;
    const sub = result.login?.accountId ?? session?.accountId;
    const what = result.consent ? 'consent' : 'sign-in';
    log(`${what} sub=${v(sub)} client=${v(client?.clientId)}`);
  });
  provider.on('end_session.success', (ctx) => {
    const { session, client, params = {} } = ctx.oidc;
    log(
      `end-session sub=${v(session?.accountId)} client=${v(client?.clientId)} logout=${params.logout ? 'all' : 'client'}`,
    );
  });
  provider.on('backchannel.success', (ctx, client, sub, sid) => {
    log(`backchannel client=${v(client.clientId)} sub=${v(sub)} sid=${v(sid)} status=ok`);
  });
  provider.on('backchannel.error', (ctx, err, client, sub, sid) => {
    const why = err?.response ? `http_${err.response.status}` : err?.cause?.code || err?.message;
    log(
      `backchannel client=${v(client.clientId)} sub=${v(sub)} sid=${v(sid)} status=error error=${v(why)}`,
    );
  });
  for (const event of ['server_error', 'end_session.error', 'grant.error', 'userinfo.error']) {
    provider.on(event, (ctx, err) => {
      const client = ctx?.oidc?.client?.clientId ?? ctx?.oidc?.params?.client_id;
      log(
        `error event=${event} client=${v(client)} error=${v(err?.error || err?.name)} description=${v(err?.error_description || err?.message)}`,
      );
    });
  }
  return provider;
}

/**
 * The JOSE header of a logout token on its way out: its `typ` is what receivers check.
 * @param {string} target
 * @param {unknown} body
 * @param {(line: string) => void} log
 */
function logLogoutToken(target, body, log) {
  const client = decodeURIComponent(new URL(target).pathname.split('/').pop() ?? '');
  let header = {};
  try {
    const token = new URLSearchParams(String(body)).get('logout_token') ?? '';
    header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
  } catch {
    // not a logout token we can read: the line says `-`
  }
  log(`backchannel-token client=${v(client)} typ=${v(header.typ)} alg=${v(header.alg)}`);
}
