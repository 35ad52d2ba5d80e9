// The backend, written once against the package's API; cjs.cts and esm.mts hand it the package
// as `require` and as `import` load it.
import { createServer, type Server } from 'node:http';
import type * as OidcServer from '@oidc-session/server';

/** The routes of an RP backend: back-channel logouts from the OP, and the push to the tabs. */
export function createApp(oidc: typeof OidcServer): Server {
  const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:4011';
  const store = oidc.createMemoryStore();
  const logout = oidc.toNodeHandler(
    oidc.createBackchannelLogoutHandler({ issuer, clientId: 'node-server-example', store }),
  );
  const events = oidc.toNodeHandler(
    oidc.createSessionEventsHandler({
      store,
      issuer,
      authenticate: () => null, // yours: the session cookie -> { sub, sid }
    }),
  );
  return createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/backchannel-logout') return logout(req, res);
    if (req.method === 'GET' && req.url === '/session-events') return events(req, res);
    res.writeHead(404).end();
  });
}

/** What `--check` verifies over real HTTP: a forged logout is refused, an anonymous stream too. */
export async function check(server: Server, label: string): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  try {
    const forged = await fetch(`${base}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=not.a.jwt',
    });
    const body = (await forged.json()) as { error?: string };
    if (forged.status !== 400 || body.error !== 'invalid_request') {
      throw new Error(`forged logout: HTTP ${forged.status} ${JSON.stringify(body)}`);
    }
    const anonymous = await fetch(`${base}/session-events`);
    if (anonymous.status !== 401) throw new Error(`anonymous stream: HTTP ${anonymous.status}`);
    console.log(`${label}: forged logout -> 400 invalid_request, anonymous stream -> 401`);
  } finally {
    server.close();
  }
}

/** `--check` runs the checks and exits; otherwise the backend listens on $PORT. */
export async function main(oidc: typeof OidcServer, label: string): Promise<void> {
  const server = createApp(oidc);
  if (process.argv.includes('--check')) return check(server, label);
  const port = Number(process.env.PORT) || 3000;
  server.listen(port, () => console.log(`listening on http://localhost:${port}`));
}
