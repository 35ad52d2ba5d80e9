// Checks the dev OP without a browser: discovery, the rewritten check_session page (trap 1),
// cookies (trap 2), the iframe's origin rule (trap 3), and a whole code + PKCE sign-in through
// devInteractions, token exchange, session_state, RP-initiated logout with front- and back-channel
// calls, and the log lines e2e tests read.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { startDevOp } from '../../src/dev-op/index.js';
import { b64url, go, Jar, location, payloadOf, sha256 } from './http.js';

const APP = 'http://localhost:5173';
const CLIENT = 'react-demo';

describe('dev-op', () => {
  /** @type {string[]} */
  const lines = [];
  /** @type {{ issuer: string, close(): Promise<void> }} */
  let op;
  /** @type {import('node:http').Server} */
  let receiver;
  /** @type {URLSearchParams[]} */
  const backchannelCalls = [];

  before(async () => {
    // A back-channel logout receiver, answering 200 as 6.31.1 requires.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        backchannelCalls.push(new URLSearchParams(body));
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise((r) => receiver.listen(0, '127.0.0.1', () => r(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (receiver.address());

    op = await startDevOp({
      origin: 'http://localhost:4011',
      port: 0,
      clients: [
        { clientId: CLIENT, origin: APP },
        { clientId: 'vue-demo', origin: 'http://localhost:5174' },
      ],
      backchannelOrigin: `http://127.0.0.1:${port}`,
      log: (line) => lines.push(line),
    });
  });

  after(async () => {
    await op?.close();
    await new Promise((r) => receiver?.close(r));
  });

  test('prints the ready line with an issuer without trailing slash', () => {
    assert.match(op.issuer, /^http:\/\/localhost:\d+$/);
    assert.ok(lines.includes(`dev-op ready ${op.issuer}`));
  });

  test('discovery advertises session management and both logout channels', async () => {
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const d = await res.json();
    assert.equal(d.issuer, op.issuer);
    assert.ok(d.check_session_iframe.endsWith('/session/check'), d.check_session_iframe);
    assert.ok(d.end_session_endpoint.endsWith('/session/end'), d.end_session_endpoint);
    assert.equal(d.frontchannel_logout_supported, true);
    assert.equal(d.frontchannel_logout_session_supported, true);
    assert.equal(d.backchannel_logout_supported, true);
    assert.equal(d.backchannel_logout_session_supported, true);
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    for (const scope of ['openid', 'profile', 'email', 'offline_access']) {
      assert.ok(d.scopes_supported.includes(scope), scope);
    }
  });

  test('check_session page loads jsSHA from the OP with a valid SRI hash, nothing remote', async () => {
    const res = await fetch(`${op.issuer}/session/check`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-frame-options'), null);
    const html = await res.text();

    const tag = /<script\b[^>]*\bsrc="([^"]+)"[^>]*\bintegrity="([^"]+)"/.exec(html);
    assert.ok(tag, 'a script tag with src and integrity');
    const [, src, integrity] = tag;
    assert.equal(src, '/dev-op/sha256.js');

    const script = await fetch(new URL(src, op.issuer));
    assert.equal(script.status, 200);
    assert.match(/** @type {string} */ (script.headers.get('content-type')), /javascript/);
    const body = Buffer.from(await script.arrayBuffer());
    const [algorithm] = integrity.split('-');
    const computed = `${algorithm}-${createHash(algorithm).update(body).digest('base64')}`;
    assert.equal(integrity, computed);

    assert.doesNotMatch(html, /<script[^>]*src="https?:\/\//);
    assert.doesNotMatch(html, /polyfill/);
    assert.doesNotMatch(html, /https:\/\//);
  });

  test('the iframe origin check accepts exactly the redirect_uris origins', async () => {
    /** @param {string} origin */
    const check = (origin) =>
      fetch(`${op.issuer}/session/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT, origin }),
      });
    assert.equal((await check(APP)).status, 204);
    assert.equal((await check('http://127.0.0.1:5173')).status, 403);
    assert.equal((await check(`${APP}/`)).status, 403);
    assert.ok(lines.includes(`check-session-origin client=${CLIENT} origin=${APP}`));
    assert.ok(
      lines.some(
        (l) =>
          l.startsWith('error event=check_session_origin.error') &&
          l.includes('origin=http://127.0.0.1:5173'),
      ),
    );
  });

  test('PKCE is required', async () => {
    const url = new URL('/auth', op.issuer);
    url.search = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: `${APP}/callback`,
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const res = await go(new Jar(), url.href);
    const back = new URL(location(res, op.issuer));
    assert.equal(back.origin + back.pathname, `${APP}/callback`);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(/** @type {string} */ (back.searchParams.get('error_description')), /PKCE/);
  });

  test('sign-in, tokens, session_state, logout with front- and back-channel calls', async () => {
    const jar = new Jar();
    const verifier = b64url(randomBytes(32));
    /** @param {Record<string, string>} extra */
    const authorizeUrl = (extra = {}) => {
      const url = new URL('/auth', op.issuer);
      url.search = new URLSearchParams({
        client_id: CLIENT,
        redirect_uri: `${APP}/callback`,
        response_type: 'code',
        scope: 'openid profile email offline_access',
        code_challenge: b64url(sha256(verifier)),
        code_challenge_method: 'S256',
        state: 'st4te',
        nonce: 'n0nce',
        ...extra,
      }).toString();
      return url.href;
    };

    // 1. authorize -> login page
    let res = await go(jar, authorizeUrl());
    let next = location(res, op.issuer);
    assert.match(next, /\/interaction\/[\w-]+$/);
    res = await go(jar, next);
    assert.equal(res.status, 200);
    let html = await res.text();
    assert.match(html, /<input required type="text" name="login"/);
    assert.match(html, /<input required type="password" name="password"/);
    assert.match(html, /<button type="submit" class="login login-submit">Sign-in<\/button>/);
    assert.doesNotMatch(html, /fonts\.googleapis/);

    // Trap 2: every cookie the OP sets is SameSite=Lax.
    for (const cookie of jar.raw) assert.match(cookie, /samesite=lax/i, cookie);
    assert.ok(!jar.raw.some((c) => c.includes('.legacy')));

    // 2. login form -> resume -> consent page
    res = await go(jar, next, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login: 'alice', password: 'anything' }),
    });
    res = await go(jar, location(res, op.issuer)); // /auth/:uid (resume)
    next = location(res, op.issuer);
    assert.match(next, /\/interaction\/[\w-]+$/);
    res = await go(jar, next);
    html = await res.text();
    assert.match(html, /<h1>Authorize<\/h1>/);
    assert.match(html, /<input type="hidden" name="prompt" value="consent"\/>/);
    assert.match(
      html,
      /<button autofocus type="submit" class="login login-submit">Continue<\/button>/,
    );

    // 3. consent -> resume -> redirect to the app with code + session_state
    res = await go(jar, next, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'consent' }),
    });
    res = await go(jar, location(res, op.issuer));
    const callback = new URL(location(res, op.issuer));
    assert.equal(callback.origin + callback.pathname, `${APP}/callback`);
    assert.equal(callback.searchParams.get('state'), 'st4te');
    const code = /** @type {string} */ (callback.searchParams.get('code'));
    const sessionState = /** @type {string} */ (callback.searchParams.get('session_state'));
    assert.ok(code && sessionState);

    // session_state = base64url(sha256(client_id origin opbs [salt]))[.salt], opbs = the
    // _state.<client_id> cookie (6.31.1 sends no salt)
    const [hash, salt] = sessionState.split('.');
    const opbs = jar.cookies.get(`_state.${CLIENT}`);
    assert.ok(opbs, 'the _state.<client_id> cookie the iframe reads');
    assert.ok(jar.raw.some((c) => c.startsWith(`_state.${CLIENT}=`) && !/httponly/i.test(c)));
    assert.equal(b64url(sha256(`${CLIENT} ${APP} ${opbs}${salt ? ` ${salt}` : ''}`)), hash);

    // 4. token exchange from the SPA's origin (CORS)
    res = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${APP}/callback`,
        client_id: CLIENT,
        code_verifier: verifier,
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    const tokens = await res.json();
    assert.ok(tokens.access_token);
    assert.ok(tokens.refresh_token, 'refresh token (bound to the OP session)');
    assert.ok(tokens.expires_in >= 600);
    const claims = payloadOf(tokens.id_token);
    assert.equal(claims.iss, op.issuer);
    assert.equal(claims.aud, CLIENT);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.nonce, 'n0nce');
    assert.equal(claims.name, 'Alice');
    assert.equal(claims.email, 'alice@example.com');
    assert.equal(typeof claims.sid, 'string', 'sid claim in the ID token');

    // A foreign origin is refused by the token endpoint.
    res = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:9999',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: CLIENT,
      }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('access-control-allow-origin'), null);

    // 5. silent check while signed in: prompt=none gets a code without any page
    res = await go(jar, authorizeUrl({ prompt: 'none', redirect_uri: `${APP}/silent-callback` }));
    const silent = new URL(location(res, op.issuer));
    assert.equal(silent.origin + silent.pathname, `${APP}/silent-callback`);
    assert.ok(silent.searchParams.get('code'));

    // 6. RP-initiated logout: GET shows the confirmation form, POST confirms
    const endUrl = new URL('/session/end', op.issuer);
    endUrl.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${APP}/logout-callback`,
      state: 'bye',
    }).toString();
    res = await go(jar, endUrl.href);
    assert.equal(res.status, 200);
    html = await res.text();
    assert.match(html, /Do you want to sign-out from/);
    assert.match(
      html,
      /<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out<\/button>/,
    );
    const xsrf = /** @type {RegExpExecArray} */ (/name="xsrf" value="([^"]+)"/.exec(html))[1];
    res = await go(jar, `${op.issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    assert.equal(res.status, 200);
    html = await res.text();
    const frame = /<iframe src="([^"]+)"><\/iframe>/.exec(html);
    assert.ok(frame, 'front-channel iframe');
    const frontchannel = new URL(frame[1].replace(/&amp;/g, '&'));
    assert.equal(frontchannel.origin + frontchannel.pathname, `${APP}/frontchannel-logout`);
    assert.equal(frontchannel.searchParams.get('iss'), op.issuer);
    assert.equal(frontchannel.searchParams.get('sid'), claims.sid);
    assert.match(html, /logout-callback\?state=bye/);

    // The state cookie is gone: the iframe would now answer `changed`.
    assert.equal(jar.cookies.get(`_state.${CLIENT}`), undefined);

    // Back-channel: a logout token with the same sid.
    assert.equal(backchannelCalls.length, 1);
    const logoutToken = payloadOf(/** @type {string} */ (backchannelCalls[0].get('logout_token')));
    assert.equal(logoutToken.sid, claims.sid);
    assert.equal(logoutToken.sub, 'alice');

    // The refresh token died with the session.
    res = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: CLIENT,
      }),
    });
    assert.equal(res.status, 400);

    // 7. prompt=none after logout: login_required
    res = await go(jar, authorizeUrl({ prompt: 'none', redirect_uri: `${APP}/silent-callback` }));
    const after = new URL(location(res, op.issuer));
    assert.equal(after.searchParams.get('error'), 'login_required');

    // The log lines, in order.
    const expected = [
      `authorize client=${CLIENT} prompt=-`,
      `sign-in sub=alice client=${CLIENT}`,
      `consent sub=alice client=${CLIENT}`,
      `token client=${CLIENT} grant=authorization_code sub=alice`,
      `authorize client=${CLIENT} prompt=none`,
      `backchannel client=${CLIENT} sub=alice sid=${claims.sid} status=ok`,
      `end-session sub=alice client=${CLIENT} logout=all`,
      `frontchannel client=${CLIENT} uri=${frontchannel.href}`,
      `authorize client=${CLIENT} prompt=none`,
      `authorize-error client=${CLIENT} error=login_required`,
    ];
    let from = 0;
    for (const line of expected) {
      const at = lines.indexOf(line, from);
      assert.ok(
        at >= 0,
        `log line ${JSON.stringify(line)} (after line ${from}) in:\n${lines.join('\n')}`,
      );
      from = at + 1;
    }
    assert.equal(lines.filter((l) => l === `authorize client=${CLIENT} prompt=none`).length, 2);
  });

  test('a second client gets SSO but its own consent page', async () => {
    const jar = new Jar();
    /** @param {string} clientId @param {string} origin @param {Record<string, string>} [extra] */
    const authorize = (clientId, origin, extra = {}) => {
      const url = new URL('/auth', op.issuer);
      url.search = new URLSearchParams({
        client_id: clientId,
        redirect_uri: `${origin}/callback`,
        response_type: 'code',
        scope: 'openid profile',
        code_challenge: b64url(sha256('v'.repeat(43))),
        code_challenge_method: 'S256',
        ...extra,
      }).toString();
      return go(jar, url.href);
    };
    /** @param {Response} res @param {Record<string, string>} form */
    const submit = async (res, form) => {
      const page = location(res, op.issuer);
      res = await go(jar, page, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
      return go(jar, location(res, op.issuer));
    };

    let res = await authorize(CLIENT, APP);
    res = await submit(res, { prompt: 'login', login: 'bob', password: 'x' });
    res = await submit(res, { prompt: 'consent' });
    assert.ok(new URL(location(res, op.issuer)).searchParams.get('code'));

    res = await authorize('vue-demo', 'http://localhost:5174', { prompt: 'none' });
    assert.equal(
      new URL(location(res, op.issuer)).searchParams.get('error'),
      'interaction_required',
    );

    res = await authorize('vue-demo', 'http://localhost:5174');
    const page = await go(jar, location(res, op.issuer));
    assert.match(await page.text(), /<h1>Authorize<\/h1>/);
  });
});

describe('dev-op on 127.0.0.1', () => {
  test('the issuer follows the origin host', async () => {
    const op = await startDevOp({
      origin: 'http://127.0.0.1:4011',
      port: 0,
      clients: [],
      log: () => {},
    });
    try {
      assert.match(op.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      const d = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
      assert.equal(d.issuer, op.issuer);
      assert.equal(d.check_session_iframe, `${op.issuer}/session/check`);
    } finally {
      await op.close();
    }
  });

  test('refuses a non-loopback host', async () => {
    await assert.rejects(
      startDevOp({ origin: 'http://example.com:4011', port: 0, log: () => {} }),
      /loopback/,
    );
  });
});
