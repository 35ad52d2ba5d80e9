// HTML of the OP pages 6.31.1 lets us configure. Same content as its defaults (same titles,
// headings, form ids and button names, so anything written against the stock pages still works),
// minus the remote font, and without the "default … function called" notices the defaults print
// on stdout.

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:25px 0}
.container{padding:0 40px 10px;width:274px;background:#f7f7f7;margin:0 auto 10px;border-radius:2px;box-shadow:0 2px 2px rgba(0,0,0,.3);overflow:hidden}
h1{font-weight:300;font-size:1.4em;text-align:center}
button{font-size:14px;font-weight:700;height:36px;padding:0 8px;width:100%;display:block;margin-bottom:10px;border:0;color:#fff;background:#4d90fe;cursor:pointer}
button:hover{background:#357ae8}
pre{white-space:pre-wrap;word-wrap:break-word;margin:0 0 0 1em;text-indent:-1em}`;

/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="container">
${body}
</div>
</body>
</html>`;
}

/**
 * features.rpInitiatedLogout.logoutSource: GET /session/end asks for confirmation.
 * @param {any} ctx
 * @param {string} form `<form id="op.logoutForm" …>` with the xsrf token
 */
export async function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = page(
    'Logout Request',
    `<h1>Do you want to sign-out from ${escapeHtml(ctx.host)}?</h1>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

/**
 * features.rpInitiatedLogout.postLogoutSuccessSource: after logout without post_logout_redirect_uri.
 * @param {any} ctx
 */
export async function postLogoutSuccessSource(ctx) {
  const { clientId, clientName } = ctx.oidc.client || {};
  const display = clientName || clientId;
  ctx.type = 'html';
  ctx.body = page(
    'Sign-out Success',
    `<h1>Sign-out Success</h1>
<p>Your sign-out${display ? ` with ${escapeHtml(display)}` : ''} was successful.</p>`,
  );
}

/**
 * renderError: error pages for browser requests (JSON is returned to non-browser clients).
 * @param {any} ctx
 * @param {Record<string, unknown>} out `{ error, error_description, … }`
 */
export async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = page(
    'oops! something went wrong',
    `<h1>oops! something went wrong</h1>
${Object.entries(out)
  .map(([key, value]) => `<pre><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</pre>`)
  .join('\n')}`,
  );
}

/**
 * features.frontchannelLogout.logoutPendingSource: the page the OP renders after a logout, with
 * one hidden iframe per client's frontchannel_logout_uri (?iss=…&sid=…). Behaves like 6.31.1's
 * default: redirect once every frame has loaded, or after 2.5 s.
 * @param {object} hooks
 * @param {(src: string) => void} hooks.onFrame called with each iframe's URL (for the log)
 * @param {(src: URL, ctx: any) => URL} [hooks.rewrite] changes each iframe's URL (OP profiles)
 */
export function logoutPendingSource({ onFrame, rewrite }) {
  /**
   * @param {any} ctx
   * @param {string[]} frames `<iframe src="…"></iframe>` strings
   * @param {string} postLogoutRedirectUri
   */
  return async function renderLogoutPending(ctx, frames, postLogoutRedirectUri) {
    const sources = frames.map((frame) => {
      // 6.31.1 writes the URL into the attribute as is (url.format output has no `"`).
      const src = /src="([^"]*)"/.exec(frame)?.[1] ?? '';
      return rewrite ? rewrite(new URL(src), ctx).href : src;
    });
    for (const src of sources) onFrame(src);
    const target = JSON.stringify(postLogoutRedirectUri).replace(/</g, '\\u003c');
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Logout</title>
<style>iframe{visibility:hidden;position:absolute;left:0;top:0;height:0;width:0;border:none}</style>
</head>
<body>
${sources.map((src) => `<iframe src="${escapeHtml(src)}"></iframe>`).join('\n')}
<script>
(function () {
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe'));
  var loaded = 0;
  var done = false;
  function redirect() { if (!done) { done = true; window.location.replace(${target}); } }
  frames.forEach(function (frame) {
    frame.onload = function () { loaded += 1; if (loaded === frames.length) redirect(); };
  });
  setTimeout(redirect, 2500);
})();
</script>
<noscript><a href="${escapeHtml(postLogoutRedirectUri)}">Continue</a></noscript>
</body>
</html>`;
  };
}
