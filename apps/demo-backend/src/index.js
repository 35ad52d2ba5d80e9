// The sample apps' backend, built from @oidc-session/server:
//   POST /backchannel-logout/<client_id>  the dev OP's back-channel logout (one receiver per client)
//   POST /session-token                    a public SPA trades its ID Token for a subscription token
//   GET  /session-events?token=…           server-sent events: `logout` when that OP session ends
//   GET  /health                           { status, store, ready }
// CORS for the demo apps' origins on the two browser routes. One stdout line per thing that
// matters, key=value like the dev OP's (values never contain spaces):
//
//   demo-backend ready <origin> issuer=<issuer> store=<memory|redis>
//   backchannel client=<id> sub=<sub> sid=<sid> status=ok
//   backchannel client=<id> status=rejected reason=<code> http=<status>
//   session-token client=<id> sub=<sub> sid=<sid> status=ok
//   session-token client=<id or -> status=error http=<status>
//   session-events open sub=<sub> sid=<sid>
//   session-events refused http=<status>
//   session-events logout sub=<sub> sid=<sid>          the push left for that tab
//   session-events close sub=<sub> sid=<sid>
import { createServer } from 'node:http';
import {
  authenticateWithSubscriptionToken,
  createBackchannelLogoutHandler,
  createSessionEventsHandler,
  createSubscriptionTokenHandler,
  toNodeHandler,
} from '@oidc-session/server';

export const DEFAULT_PORT = 4012;
export const DEFAULT_OP_ORIGIN = 'http://localhost:4011';

/** The dev OP's demo clients (packages/testing/src/dev-op/clients.js). */
export const DEMO_CLIENT_IDS = ['react-demo', 'vue-demo', 'angular-demo'];

/** Where the demo apps run: localhost and 127.0.0.1, React 5173, Vue 5174, Angular 4200. */
export const DEMO_APP_ORIGINS = [5173, 5174, 4200].flatMap((port) => [
  `http://localhost:${port}`,
  `http://127.0.0.1:${port}`,
]);

/**
 * Values go on one line and never contain spaces, so `key=value` splits cleanly.
 * @param {unknown} value
 */
export function v(value) {
  if (value === undefined || value === null || value === '') return '-';
  return String(value).replace(/\s+/g, '+');
}

/**
 * @typedef {object} DemoBackendOptions
 * @property {string} issuer the OP's issuer (its origin for the dev OP)
 * @property {import('@oidc-session/server').SessionEventStore} store memory or Redis
 * @property {string | Uint8Array} secret HMAC key of the subscription tokens (32+ bytes); every
 *   instance sharing a Redis store needs the same one
 * @property {string[]} [clientIds] default {@link DEMO_CLIENT_IDS}
 * @property {string[]} [allowedOrigins] CORS; default {@link DEMO_APP_ORIGINS}
 * @property {(line: string) => void} [log] default console.log
 * @property {number} [heartbeatMs] SSE keep-alive (and store re-check) interval; default 15000
 * @property {number} [tokenTtl] subscription token lifetime in seconds; default 900
 * @property {boolean} [acceptJwtTyp] also accept logout tokens typed `JWT` (the dev OP,
 *   oidc-provider 6.31.1, types them so); default true. `false`: a `typ` must be `logout+jwt`
 * @property {boolean} [requireExp] refuse logout tokens without `exp`, as errata set 1 of
 *   Back-Channel Logout 1.0 requires; default false, since the dev OP (oidc-provider 6.31.1)
 *   sends none
 */

/**
 * The backend as one `node:http` request listener.
 * @param {DemoBackendOptions} options
 * @returns {import('node:http').RequestListener}
 */
export function createDemoBackend({
  issuer,
  store,
  secret,
  clientIds = DEMO_CLIENT_IDS,
  allowedOrigins = DEMO_APP_ORIGINS,
  log = (line) => console.log(line),
  heartbeatMs,
  tokenTtl,
  acceptJwtTyp = true,
  requireExp = false,
}) {
  const origins = new Set(allowedOrigins);

  // One receiver per client, so a logout token for one client posted to another's URI is refused.
  const receivers = new Map(
    clientIds.map((clientId) => [
      clientId,
      toNodeHandler(
        createBackchannelLogoutHandler({
          issuer,
          clientId,
          store,
          acceptJwtTyp,
          requireExp,
          onLogout: ({ sub, sid }) =>
            log(`backchannel client=${v(clientId)} sub=${v(sub)} sid=${v(sid)} status=ok`),
          onReject: (reason, { status }) =>
            log(
              `backchannel client=${v(clientId)} status=rejected reason=${v(reason)} http=${status}`,
            ),
        }),
      ),
    ]),
  );

  // One endpoint for every demo client: the package verifies the ID Token in full (signature, iss,
  // aud, azp, typ) and says which client it was issued to.
  const tokenHandler = createSubscriptionTokenHandler({
    issuer,
    clientId: clientIds,
    secret,
    ...(tokenTtl !== undefined && { ttl: tokenTtl }),
    onIssued: ({ clientId, sub, sid }) =>
      log(`session-token client=${v(clientId)} sub=${v(sub)} sid=${v(sid)} status=ok`),
    onReject: (_reason, { status }) => log(`session-token client=- status=error http=${status}`),
  });

  const authenticate = authenticateWithSubscriptionToken({ secret });
  const events = createSessionEventsHandler({
    store,
    issuer,
    ...(heartbeatMs !== undefined && { heartbeatMs }),
    authenticate: async (request) => {
      const session = await authenticate(request);
      if (session) {
        const who = `sub=${v(session.sub)} sid=${v(session.sid)}`;
        log(`session-events open ${who}`);
        request.signal.addEventListener('abort', () => log(`session-events close ${who}`), {
          once: true,
        });
      }
      return session;
    },
  });

  /** @param {Request} request */
  async function sessionEvents(request) {
    const response = await events(request);
    if (response.status !== 200 || !response.body) {
      log(`session-events refused http=${response.status}`);
      return response;
    }
    // Tell the log when the `logout` push leaves for this tab.
    const decoder = new TextDecoder();
    const body = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          const text = decoder.decode(chunk, { stream: true });
          const data = /^event: logout\ndata: (.*)$/m.exec(text)?.[1];
          if (data) {
            let who = { sub: undefined, sid: undefined };
            try {
              who = JSON.parse(data);
            } catch {
              // our own format; never mind the log line
            }
            log(`session-events logout sub=${v(who.sub)} sid=${v(who.sid)}`);
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, headers: response.headers });
  }

  const tokenRoute = toNodeHandler(tokenHandler);
  const eventsRoute = toNodeHandler(sessionEvents);

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    const path = url.pathname;

    const backchannel = /^\/backchannel-logout\/([^/]+)$/.exec(path);
    if (backchannel) {
      const receiver = receivers.get(decodeURIComponent(backchannel[1] ?? ''));
      if (receiver) return receiver(req, res);
      log(`backchannel client=${v(backchannel[1])} status=rejected reason=unknown_client http=404`);
      return sendJson(res, 404, { error: 'not_found', error_description: 'unknown client' });
    }

    if (path === '/session-token' || path === '/session-events') {
      const origin = req.headers.origin;
      if (origin !== undefined) {
        if (!origins.has(origin)) {
          return sendJson(res, 403, {
            error: 'forbidden',
            error_description: 'origin not allowed',
          });
        }
        res.setHeader('Access-Control-Allow-Origin', origin);
      }
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        return res.end();
      }
      return path === '/session-token' ? tokenRoute(req, res) : eventsRoute(req, res);
    }

    if (path === '/health' && req.method === 'GET') {
      const ready = /** @type {{ isReady?: boolean }} */ (store).isReady ?? true;
      return sendJson(res, ready ? 200 : 503, {
        status: ready ? 'ok' : 'degraded',
        store: 'isReady' in store ? 'redis' : 'memory',
      });
    }

    return sendJson(res, 404, { error: 'not_found' });
  };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Listen on loopback: `localhost` on both 127.0.0.1 and ::1 (browsers and Node may pick either).
 * @param {import('node:http').RequestListener} listener
 * @param {{ port: number, host?: string }} where
 * @returns {Promise<{ port: number, close(): Promise<void> }>}
 */
export async function listen(listener, { port, host = 'localhost' }) {
  const hosts =
    host === 'localhost'
      ? [
          { host: '127.0.0.1', optional: false },
          { host: '::1', optional: true },
        ]
      : [{ host, optional: false }];
  /** @type {import('node:http').Server[]} */
  const servers = [];
  let chosen = port;
  const close = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise((resolve) => {
            server.close(() => resolve(undefined));
            server.closeAllConnections(); // SSE streams and keep-alive connections
          }),
      ),
    ).then(() => undefined);
  try {
    for (const { host: address, optional } of hosts) {
      const server = createServer(listener);
      try {
        await new Promise((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: address, port: chosen, exclusive: true }, () => resolve(undefined));
        });
      } catch (err) {
        const code = /** @type {NodeJS.ErrnoException} */ (err).code;
        if (optional && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        throw err;
      }
      servers.push(server);
      chosen = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { port: chosen, close };
}
