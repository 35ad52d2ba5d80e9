// HTTP helpers for the dev OP's node:test files: a cookie jar and fetch without redirects, enough
// to walk the OP's pages the way a browser would.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

export const b64url = (/** @type {Buffer} */ buf) => buf.toString('base64url');
export const sha256 = (/** @type {string | Buffer} */ s) => createHash('sha256').update(s).digest();

/** Minimal cookie jar for one host: enough for the OP's cookies. */
export class Jar {
  /** @type {Map<string, string>} */
  cookies = new Map();
  /** @type {string[]} */
  raw = [];

  /** @param {Response} res */
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      this.raw.push(line);
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * fetch without following redirects, with the jar.
 * @param {Jar} jar
 * @param {string} url
 * @param {RequestInit} [init]
 */
export async function go(jar, url, init = {}) {
  const headers = new Headers(init.headers);
  if (jar.cookies.size) headers.set('cookie', jar.header());
  if (!headers.has('accept')) headers.set('accept', 'text/html');
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(res);
  return res;
}

/** @param {Response} res @param {string} base */
export function location(res, base) {
  assert.ok([302, 303].includes(res.status), `expected a redirect, got ${res.status}`);
  return new URL(/** @type {string} */ (res.headers.get('location')), base).href;
}

/** @param {string} jwt */
export function payloadOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

/**
 * An authorization request URL for a public client at `app` (code + PKCE).
 * @param {string} issuer
 * @param {{ client: string, app: string, verifier: string, params?: Record<string, string> }} o
 */
export function authorizeUrl(issuer, { client, app, verifier, params = {} }) {
  const url = new URL('/auth', issuer);
  url.search = new URLSearchParams({
    client_id: client,
    redirect_uri: `${app}/callback`,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: b64url(sha256(verifier)),
    code_challenge_method: 'S256',
    state: 'st4te',
    ...params,
  }).toString();
  return url.href;
}

/**
 * Interactive sign-in through the login and consent pages, then the token exchange.
 * @param {string} issuer
 * @param {Jar} jar
 * @param {{ client: string, app: string, user?: string, params?: Record<string, string> }} o
 * @returns {Promise<{ callback: URL, tokens: Record<string, any>, claims: Record<string, any> }>}
 */
export async function signInAndExchange(issuer, jar, { client, app, user = 'alice', params }) {
  const verifier = b64url(Buffer.from('v'.repeat(32)));
  let res = await go(jar, authorizeUrl(issuer, { client, app, verifier, params }));
  for (const form of [{ prompt: 'login', login: user, password: 'x' }, { prompt: 'consent' }]) {
    res = await go(jar, location(res, issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    res = await go(jar, location(res, issuer));
  }
  const callback = new URL(location(res, issuer));
  assert.equal(callback.origin + callback.pathname, `${app}/callback`, callback.href);
  res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: /** @type {string} */ (callback.searchParams.get('code')),
      redirect_uri: `${app}/callback`,
      client_id: client,
      code_verifier: verifier,
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const tokens = await res.json();
  return { callback, tokens, claims: payloadOf(tokens.id_token) };
}

/**
 * Logout on the OP's page (confirmed): resolves with the front-channel iframe URLs it renders.
 * @param {string} issuer
 * @param {Jar} jar
 * @returns {Promise<URL[]>}
 */
export async function logoutAtOp(issuer, jar) {
  let res = await go(jar, `${issuer}/session/end`);
  assert.equal(res.status, 200);
  const xsrf = /** @type {RegExpExecArray} */ (
    /name="xsrf" value="([^"]+)"/.exec(await res.text())
  )[1];
  res = await go(jar, `${issuer}/session/end/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  const html = res.status === 200 ? await res.text() : '';
  return [...html.matchAll(/<iframe src="([^"]+)"><\/iframe>/g)].map(
    ([, src]) => new URL(src.replace(/&amp;/g, '&')),
  );
}

/**
 * A back-channel logout receiver that answers 200 (what 6.31.1 requires) and keeps the calls.
 * @returns {Promise<{ origin: string, calls: URLSearchParams[], close(): Promise<void> }>}
 */
export async function backchannelReceiver() {
  /** @type {URLSearchParams[]} */
  const calls = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push(new URLSearchParams(body));
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((r) => server.close(() => r(undefined))),
  };
}
