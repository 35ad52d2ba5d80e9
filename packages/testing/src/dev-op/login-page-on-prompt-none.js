// Profile `login-page-on-prompt-none`: an OP that answers a silent `prompt=none` request it cannot
// satisfy with its login page (HTTP 200, framing refused) instead of redirecting back with
// error=login_required, as LemonLDAP::NG 2.16 and misconfigured OPs do. In the RP's hidden iframe
// the browser refuses to render the page, so the silent request never comes back: only a timeout
// tells the RP anything.
//
// oidc-provider decides as usual; on the way out, its error redirect for such a request is
// replaced by the page.

import { escapeHtml } from './pages.js';
import { v } from './logging.js';

const AUTHORIZATION_PATH = '/auth';
const NEEDS_THE_USER = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

/**
 * Koa middleware for `provider.use()`: swaps the OP's login-class error redirect for a
 * `prompt=none` request with a login page that refuses framing (logs `login-page client=…`).
 * @param {any} _provider the oidc-provider instance (unused: the OP's own answer is enough)
 * @param {(line: string) => void} log
 */
export function loginPageOnPromptNone(_provider, log) {
  return async function loginPageInstead(ctx, next) {
    await next();
    if (ctx.path !== AUTHORIZATION_PATH || ctx.method !== 'GET') return;
    if (ctx.status !== 302 && ctx.status !== 303) return;
    const prompts = String(ctx.query.prompt ?? '').split(' ');
    if (!prompts.includes('none')) return;
    const location = new URL(ctx.response.get('Location'), ctx.href);
    const error =
      location.searchParams.get('error') ??
      new URLSearchParams(location.hash.slice(1)).get('error');
    if (!error || !NEEDS_THE_USER.has(error)) return;

    ctx.remove('Location');
    ctx.status = 200;
    ctx.type = 'html';
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
    ctx.set('Cache-Control', 'no-store');
    ctx.body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign-in</title></head>
<body>
<h1>Sign-in</h1>
<p>Please sign in to continue to ${escapeHtml(ctx.query.client_id ?? 'the application')}.</p>
</body>
</html>`;
    log(`login-page client=${v(ctx.query.client_id)} instead-of=${v(error)}`);
  };
}
