#!/usr/bin/env node
// Manual smoke test of the dev OP in a real Chromium (not part of `pnpm test`):
//   node test/dev-op/browser-smoke.mjs            # both scenarios
//   node test/dev-op/browser-smoke.mjs same-site  # OP on localhost, app on localhost
//   node test/dev-op/browser-smoke.mjs cross-site # OP on 127.0.0.1, app on localhost
// Env: CHROMIUM (default /usr/bin/chromium), HEADED=1 to watch.
//
// For each scenario: a tiny RP page on http://localhost:<free port> loads the OP's
// check_session_iframe; the browser signs in through devInteractions (code + PKCE, token exchange
// done by the page with CORS), the page posts `<client_id> <session_state>` to the iframe, then
// the user signs out at /session/end in another tab, and the page asks the iframe again.
// Same-site the answers must be `unchanged` then `changed`. Cross-site this Chromium blocks
// third-party cookies, so the iframe cannot read its state cookie: expect `error` (the case a
// session monitor must survive).

import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../../../e2e/lib/browser.mjs';

import { startDevOp } from '../../src/dev-op/index.js';

const CLIENT = 'react-demo';

/** The RP page: iframe + `window.ask()`; on /callback it also exchanges the code. */
function rpPage(/** @type {string} */ issuer) {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>RP</title></head>
<body>
<pre id="out"></pre>
<script>
const ISSUER = ${JSON.stringify(issuer)};
const CLIENT = ${JSON.stringify(CLIENT)};
const out = (s) => { document.getElementById('out').textContent += s + '\\n'; };
const frame = document.createElement('iframe');
frame.src = ISSUER + '/session/check';
frame.style.display = 'none';
window.frameReady = new Promise((resolve) => { frame.onload = resolve; });
document.body.appendChild(frame);
// Post "<client_id> <session_state>" to the OP iframe; resolve with its answer.
window.ask = (sessionState) => frameReady.then(() => new Promise((resolve) => {
  const onMessage = (e) => {
    if (e.origin !== ISSUER || e.source !== frame.contentWindow) return;
    window.removeEventListener('message', onMessage);
    resolve(e.data);
  };
  window.addEventListener('message', onMessage);
  frame.contentWindow.postMessage(CLIENT + ' ' + sessionState, ISSUER);
  setTimeout(() => resolve('timeout'), 5000);
}));
const params = new URLSearchParams(location.search);
if (location.pathname === '/callback' && params.get('code')) {
  window.tokens = fetch(ISSUER + '/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: location.origin + '/callback',
      client_id: CLIENT,
      code_verifier: sessionStorage.getItem('verifier'),
    }),
  }).then((r) => r.json()).then((t) => { out('token: ' + (t.id_token ? 'ok' : JSON.stringify(t))); return t; },
    (e) => { out('token: ' + e); return { error: String(e) }; });
}
</script>
</body></html>`;
}

/** A loopback-only http server on both 127.0.0.1 and ::1 (Chromium may try either for localhost). */
async function startApp(/** @type {(req: any, res: any) => void} */ handler) {
  const v4 = createServer(handler);
  await new Promise((r) => v4.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (v4.address());
  const v6 = createServer(handler);
  await new Promise((r) => v6.listen(port, '::1', () => r(undefined))).catch(() => {});
  const close = () =>
    Promise.all(
      [v4, v6].map(
        (s) =>
          new Promise((r) => {
            s.close(() => r(undefined));
            s.closeAllConnections();
          }),
      ),
    );
  return { origin: `http://localhost:${port}`, close };
}

/**
 * @param {'same-site' | 'cross-site'} mode
 * @returns {Promise<Record<string, unknown>>}
 */
async function scenario(mode) {
  /** @type {string[]} */
  const frontchannelHits = [];
  let issuer = '';
  const app = await startApp((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/frontchannel-logout') {
      frontchannelHits.push(url.search);
      res.setHeader('content-type', 'text/html');
      res.end('<!DOCTYPE html><title>front-channel logout</title>');
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(rpPage(issuer));
  });

  const opHost = mode === 'same-site' ? 'localhost' : '127.0.0.1';
  const op = await startDevOp({
    origin: `http://${opHost}:4011`,
    port: 0,
    clients: [{ clientId: CLIENT, origin: app.origin }],
    log: (line) => console.log(`  op| ${line}`),
  });
  issuer = op.issuer;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: !process.env.HEADED,
    // launch() gives every run a fresh temporary profile.
    args: CHROMIUM_ARGS.filter((a) => !process.env.HEADED || a !== '--headless'),
  });
  /** @type {Record<string, unknown>} */
  const result = { mode, issuer, app: app.origin };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => console.log(`  page| ${m.text()}`));

    // Start on the app to keep the PKCE verifier in its sessionStorage.
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    await page.goto(`${app.origin}/`);
    await page.evaluate((v) => sessionStorage.setItem('verifier', v), verifier);

    const authorize = new URL('/auth', issuer);
    authorize.search = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: `${app.origin}/callback`,
      response_type: 'code',
      scope: 'openid profile email offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'smoke',
    }).toString();
    await page.goto(authorize.href);

    // devInteractions: login page, then consent page.
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('secret');
    await page.locator('button[type="submit"]', { hasText: 'Sign-in' }).click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname === '/callback');

    const callback = new URL(page.url());
    const sessionState = callback.searchParams.get('session_state');
    result.sessionState = sessionState;
    const tokens = await page.evaluate(() => /** @type {any} */ (window).tokens);
    result.tokenExchange = tokens.id_token ? 'ok' : tokens;
    if (tokens.id_token) {
      const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
      result.idToken = { sub: claims.sub, sid: claims.sid, name: claims.name, email: claims.email };
    }

    result.whileSignedIn = await page.evaluate(
      (s) => /** @type {any} */ (window).ask(s),
      sessionState,
    );
    result.whileSignedInAgain = await page.evaluate(
      (s) => /** @type {any} */ (window).ask(s),
      sessionState,
    );

    // Sign out at the OP in another tab, as a user would.
    const other = await context.newPage();
    await other.goto(`${issuer}/session/end`);
    await other.locator('button[name="logout"][value="yes"]').click();
    await other.waitForURL((u) => u.pathname === '/session/end/success', { timeout: 5000 });
    result.afterLogoutPage = await other.locator('h1').textContent();
    result.frontchannelHits = frontchannelHits.length;

    result.afterLogout = await page.evaluate(
      (s) => /** @type {any} */ (window).ask(s),
      sessionState,
    );
    await context.close();
  } finally {
    await browser.close();
    await op.close();
    await app.close();
  }
  return result;
}

const modes = /** @type {('same-site' | 'cross-site')[]} */ (
  process.argv[2] ? [process.argv[2]] : ['same-site', 'cross-site']
);
let failed = false;
for (const mode of modes) {
  const r = await scenario(mode);
  console.log(JSON.stringify(r, null, 2));
  const expected =
    mode === 'same-site'
      ? { whileSignedIn: 'unchanged', afterLogout: 'changed' }
      : { whileSignedIn: 'error', afterLogout: 'error' };
  const ok =
    r.tokenExchange === 'ok' &&
    r.whileSignedIn === expected.whileSignedIn &&
    r.afterLogout === expected.afterLogout &&
    r.frontchannelHits === 1;
  console.log(
    `${ok ? 'PASS' : 'FAIL'} ${mode}: signed in -> ${r.whileSignedIn}, after logout -> ${r.afterLogout}`,
  );
  failed ||= !ok;
}
process.exit(failed ? 1 : 0);
