// Profile `require-nonce`: an OP that rejects authorization requests without `nonce`, as Glewlwyd
// 2.7 does (OIDC Core makes it optional for the code flow; several OPs require it anyway).
//
// 6.31.1 has no hook inside its authorization checks that sees every request, so this middleware
// runs first and answers the way the OP's own error handler would: a redirect to the client's
// redirect_uri with error=invalid_request and the request's state, once it has checked that the
// client exists and the redirect_uri is registered for it. Anything it cannot vouch for goes on to
// oidc-provider, which renders its own error page. GET only: browsers send GET (oidc-client-ts,
// every demo); a POST authorization request is passed through unchecked.

import { v } from './logging.js';

const AUTHORIZATION_PATH = '/auth';

/**
 * Koa middleware for `provider.use()`: refuses a GET authorization request without `nonce` with
 * an `invalid_request` redirect, once its client and `redirect_uri` check out.
 * @param {any} provider the oidc-provider instance (to look the client up)
 * @param {(line: string) => void} log
 */
export function requireNonce(provider, log) {
  return async function rejectWithoutNonce(ctx, next) {
    if (ctx.path !== AUTHORIZATION_PATH || ctx.method !== 'GET' || ctx.query.nonce) {
      return next();
    }
    const { client_id: clientId, redirect_uri: redirectUri, state, response_mode } = ctx.query;
    const client =
      typeof clientId === 'string' ? await provider.Client.find(clientId).catch(() => null) : null;
    if (!client || typeof redirectUri !== 'string' || !client.redirectUriAllowed(redirectUri)) {
      return next();
    }
    const error = new URLSearchParams({
      error: 'invalid_request',
      error_description: 'nonce required',
    });
    if (typeof state === 'string') error.set('state', state);
    const target = new URL(redirectUri);
    if (response_mode === 'fragment') target.hash = error.toString();
    else for (const [key, value] of error) target.searchParams.append(key, value);
    log(`authorize-error client=${v(clientId)} error=invalid_request description=nonce+required`);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(target.href);
  };
}
