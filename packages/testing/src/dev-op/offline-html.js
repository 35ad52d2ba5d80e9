// Makes the pages oidc-provider 6.31.1 renders work without the internet (trap 1).
//
// Its check_session_iframe page (lib/actions/check_session.js) hard-codes two remote scripts:
//   <script src="https://cdnjs.cloudflare.com/ajax/libs/jsSHA/2.3.1/sha256.js" integrity="sha256-…">
//   <script src="https://polyfill.io/v3/polyfill.min.js?flags=gated&features=fetch">
// Offline the first never loads, `jsSHA` is undefined and the iframe answers every RP `error`.
// 6.31.1 offers no hook for that HTML (features.sessionManagement only has `keepHeaders` and
// `scriptNonce`), so a Koa middleware registered with `provider.use()` rewrites the body after
// the route has rendered it: jsSHA is served from this OP (the npm file of jssha@2.3.1 is
// byte-identical to the CDN one, so the page's SRI hash stays valid and is checked at startup),
// and the fetch polyfill goes (every browser we test has fetch).
//
// Its other pages (login, consent, logout, errors) `@import` a Google font; that only costs a
// failed request, but we drop it too so that nothing the OP serves reaches off the machine.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where this OP serves jsSHA (a path on the issuer). */
export const SHA256_PATH = '/dev-op/sha256.js';

const CDN_SCRIPT =
  /(<script\b[^>]*\bsrc=")https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/jsSHA\/2\.3\.1\/sha256\.js(")/;
const INTEGRITY = /<script\b[^>]*\bsrc="\/dev-op\/sha256\.js"[^>]*\bintegrity="([^"]+)"/;
const POLYFILL_SCRIPT = /<script\b[^>]*\bsrc="https:\/\/polyfill\.io\/[^"]*"[^>]*><\/script>\n?/;
const REMOTE_FONT = /@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g;

const require = createRequire(import.meta.url);

/** jssha@2.3.1's SHA-256-only build, as published on npm (same bytes as on the CDN). */
export const sha256Source = readFileSync(require.resolve('jssha/src/sha256.js'));

/** The SRI hash oidc-provider 6.31.1 puts on its jsSHA script tag. */
export const CHECK_SESSION_SRI = 'sha256-NyuvLfsvfCfE+ceV6/W19H+qVp3M8c9FzAgj72CW39w=';

// Fail at startup, not in the browser, if the installed jssha is not the file the page expects.
if (sriOf(sha256Source) !== CHECK_SESSION_SRI) {
  throw new Error(
    `dev-op: node_modules/jssha/src/sha256.js is not jssha@2.3.1 (${sriOf(sha256Source)})`,
  );
}

/**
 * Subresource-integrity string of `source` for `algorithm`, e.g. `sha256-NyuvLf…`.
 * @param {Buffer | string} source
 * @param {'sha256' | 'sha384' | 'sha512'} [algorithm]
 */
export function sriOf(source, algorithm = 'sha256') {
  return `${algorithm}-${createHash(algorithm).update(source).digest('base64')}`;
}

/**
 * Points the check_session page at the local jsSHA and drops the polyfill script.
 * Throws when 6.31.1's markup is not what we expect (e.g. after an upgrade), or when the page's
 * SRI hash does not match the file we serve: a silent mismatch would make the browser refuse
 * the script and the iframe answer `error` forever.
 * @param {string} html
 */
export function rewriteCheckSessionPage(html) {
  if (!CDN_SCRIPT.test(html) || !POLYFILL_SCRIPT.test(html)) {
    throw new Error(
      'dev-op: unexpected check_session page markup; cannot point it at the local jsSHA',
    );
  }
  const out = html.replace(CDN_SCRIPT, `$1${SHA256_PATH}$2`).replace(POLYFILL_SCRIPT, '');
  const integrity = INTEGRITY.exec(out)?.[1];
  if (!integrity) throw new Error('dev-op: check_session page has no integrity attribute');
  const [algorithm] = integrity.split('-');
  const expected = sriOf(sha256Source, /** @type {'sha256'} */ (algorithm));
  if (integrity !== expected) {
    throw new Error(
      `dev-op: check_session SRI ${integrity} does not match the served jssha (${expected})`,
    );
  }
  return out;
}

/** @param {string} html */
export function dropRemoteFonts(html) {
  return html.replace(REMOTE_FONT, '');
}

/**
 * Koa middleware for `provider.use()`: serves jsSHA (and an empty favicon) and rewrites the OP's
 * HTML pages.
 * @returns {(ctx: any, next: () => Promise<void>) => Promise<void>}
 */
export function offlineHtmlMiddleware() {
  return async function offlineHtml(ctx, next) {
    if (ctx.path === SHA256_PATH && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.type = 'application/javascript; charset=utf-8';
      // The page loads it with crossorigin="anonymous"; same-origin needs no CORS, but allow it
      // anyway so the file can be fetched (and hashed) from anywhere.
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = sha256Source;
      return;
    }
    if (ctx.path === '/favicon.ico') {
      // Browsers ask for it on every OP page; a 404 shows up as a console error in e2e runs.
      ctx.status = 204;
      return;
    }

    await next();

    if (typeof ctx.body !== 'string' || !ctx.response.is('html')) return;
    if (ctx.oidc?.route === 'check_session' && ctx.status === 200) {
      ctx.body = rewriteCheckSessionPage(ctx.body);
    }
    ctx.body = dropRemoteFonts(ctx.body);
  };
}
