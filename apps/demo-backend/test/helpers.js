// A stand-in OP (discovery + JWKS over real HTTP), tokens minted with jose, a private
// redis-server, and a browser-like SSE reader.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const BCL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** @typedef {{ kid: string, privateKey: CryptoKey, jwk: Record<string, unknown> }} Key */

/** @returns {Promise<Key>} */
export async function createKey() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } };
}

/** @param {Key[]} keys */
export async function startTestOp(keys) {
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: op.issuer, jwks_uri: `${op.issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else {
      res.writeHead(404).end('{}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const op = {
    issuer: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
  return op;
}

/**
 * @param {Key} key
 * @param {Record<string, unknown>} payload
 * @param {string} [typ]
 */
function sign(key, payload, typ) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ && { typ }) })
    .sign(key.privateKey);
}

/**
 * @param {Key} key
 * @param {{ issuer: string, aud: string, sub?: string, sid?: string }} claims
 */
export function mintIdToken(key, { issuer, aud, sub = 'alice', sid = 'sid-1' }) {
  const now = Math.floor(Date.now() / 1000);
  return sign(key, { iss: issuer, aud, sub, sid, iat: now, exp: now + 600, auth_time: now });
}

/**
 * @param {Key} key
 * @param {{ issuer: string, aud: string, sub?: string, sid?: string, typ?: string, exp?: number }} claims
 *   no `exp` by default, like the dev OP (oidc-provider 6.31.1)
 */
export function mintLogoutToken(
  key,
  { issuer, aud, sub = 'alice', sid = 'sid-1', typ = 'logout+jwt', exp },
) {
  return sign(
    key,
    {
      iss: issuer,
      aud,
      sub,
      sid,
      iat: Math.floor(Date.now() / 1000),
      ...(exp !== undefined && { exp }),
      jti: randomUUID(),
      events: { [BCL_EVENT]: {} },
    },
    typ,
  );
}

/**
 * What the OP does: POST the logout token as a form.
 * @param {string} url
 * @param {string} token
 */
export function postLogoutToken(url, token) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
}

/**
 * What the SPA does: trade its ID Token for a subscription token.
 * @param {string} backend
 * @param {string} idToken
 * @param {string} [origin]
 */
export function postIdToken(backend, idToken, origin = 'http://localhost:5173') {
  return fetch(`${backend}/session-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ id_token: idToken }),
  });
}

/**
 * Read an SSE response as it arrives; `waitFor` resolves once the text contains `fragment`.
 * @param {string} url
 * @param {Record<string, string>} [headers]
 */
export async function openSse(url, headers = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  let text = '';
  /** @type {Set<() => void>} */
  const waiters = new Set();
  if (response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (
          /** @type {unknown} */ (response.body)
        )) {
          text += decoder.decode(chunk, { stream: true });
          for (const wake of [...waiters]) wake();
        }
      } catch {
        // closed by the test
      }
    })();
  }
  return {
    response,
    text: () => text,
    /** @param {string} fragment @param {number} [timeoutMs] */
    waitFor(fragment, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!text.includes(fragment)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(text);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SSE: no ${JSON.stringify(fragment)} within ${timeoutMs} ms: ${text}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}

/** A private redis-server on a free port, no persistence. Missing binary = a failing test. */
export async function startRedisServer() {
  const bin = process.env.REDIS_SERVER_PATH || 'redis-server';
  const probe = spawnSync(bin, ['--version']);
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is required (apt-get install -y redis-server, or set REDIS_SERVER_PATH)`,
    );
  }
  const free = createNetServer();
  await new Promise((resolve) => free.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (free.address());
  await new Promise((resolve) => free.close(() => resolve(undefined)));
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (data) => {
      output += data;
      if (output.includes('Ready to accept connections')) resolve(undefined);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
