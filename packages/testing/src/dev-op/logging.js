// One readable stdout line per thing that matters to a person watching the demo or to an e2e
// test reading the OP's output. Formats (stable, key=value; values never contain spaces, except
// the free-text description that ends an error line):
//
//   dev-op ready <issuer>
//   authorize client=<id> prompt=<prompt or ->        one per authorization request
//   authorize-nonce client=<id> prompt=<p> nonce=<nonce or ->   right after it (GET)
//   authorize-error client=<id> error=<code>          e.g. login_required for prompt=none
//   sign-in sub=<sub> client=<id>                     login form completed
//   consent sub=<sub> client=<id>                     consent form completed
//   token client=<id> grant=<grant_type> sub=<sub>    token endpoint success
//   check-session-origin client=<id> origin=<origin>  the OP iframe accepted an RP origin
//   end-session-request method=<GET|POST> client=<id or -> status=<http status>
//                                                     the RP's request to end_session_endpoint
//   end-session sub=<sub> client=<id or -> logout=<all|client>
//   frontchannel client=<id> uri=<frontchannel_logout_uri with iss & sid>
//   backchannel client=<id> sub=<sub> sid=<sid> status=ok
//   backchannel client=<id> sub=<sub> sid=<sid> status=error error=<ECONNREFUSED|http_204|…>
//   error event=<event> client=<id or -> [origin=<origin>] error=<code> description=<text>
//
// At a logout: backchannel (awaited) -> end-session -> frontchannel (page rendered).
//
// `authorize client=` is printed before the request is processed (GET; for the rare POST
// authorization request, right after it), so tests can count e.g. silent `prompt=none` checks.

/** @typedef {(line: string) => void} Log */

/**
 * Values go on one line and never contain spaces, so `key=value` splits cleanly.
 * @param {unknown} value
 */
export function v(value) {
  if (value === undefined || value === null || value === '') return '-';
  return String(value).replace(/\s+/g, '+');
}

/** @param {unknown} value */
function oneLine(value) {
  return (
    String(value ?? '-')
      .replace(/\s+/g, ' ')
      .trim() || '-'
  );
}

/**
 * Koa middleware for `provider.use()`: the `authorize`, `end-session-request` and
 * `check-session-origin` lines.
 * @param {Log} log
 * @param {string} authorizationPath
 */
export function requestLogMiddleware(log, authorizationPath) {
  return async function requestLog(ctx, next) {
    const isAuthorize = ctx.path === authorizationPath;
    if (isAuthorize && ctx.method === 'GET') {
      const { client_id: client, prompt, nonce } = ctx.query;
      log(`authorize client=${v(client)} prompt=${v(prompt)}`);
      // A line of its own, so that patterns written for the line above keep matching.
      log(`authorize-nonce client=${v(client)} prompt=${v(prompt)} nonce=${v(nonce)}`);
    }

    await next();

    const route = ctx.oidc?.route;
    if (isAuthorize && ctx.method === 'POST' && route === 'authorization') {
      const params = ctx.oidc.params || {};
      log(`authorize client=${v(params.client_id)} prompt=${v(params.prompt)}`);
    }
    // GET or form POST (RP-Initiated Logout 1.0 allows both); the confirmation is logged apart.
    if (route === 'end_session') {
      log(
        `end-session-request method=${ctx.method} client=${v(ctx.oidc.params?.client_id)} status=${ctx.status}`,
      );
    }
    if (route === 'check_session_origin' && ctx.status === 204) {
      log(
        `check-session-origin client=${v(ctx.oidc.params?.client_id)} origin=${v(ctx.oidc.params?.origin)}`,
      );
    }
  };
}

const ERROR_EVENTS = [
  'grant.error',
  'check_session.error',
  'check_session_origin.error',
  'end_session.error',
  'end_session_confirm.error',
  'end_session_success.error',
  'userinfo.error',
  'discovery.error',
  'jwks.error',
  'revocation.error',
  'introspection.error',
  'server_error',
];

/**
 * Subscribes to the events oidc-provider 6.31.1 emits (see `emit(` in its lib/).
 * @param {import('node:events').EventEmitter & { app: import('node:events').EventEmitter }} provider
 * @param {Log} log
 */
export function logProviderEvents(provider, log) {
  /** @param {string} event @param {(...args: any[]) => void} fn */
  const on = (event, fn) =>
    provider.on(event, (...args) => {
      try {
        fn(...args);
      } catch (err) {
        log(`error event=dev-op.log error=${v(err?.name)} description=${oneLine(err?.message)}`);
      }
    });

  on('authorization.error', (ctx, err) => {
    const client = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id;
    log(`authorize-error client=${v(client)} error=${v(err.error || err.message)}`);
  });

  // Fires when an interaction resumes the authorization. The consent submission of devInteractions
  // is merged with the login one (mergeWithLastSubmission), so a result with both is the consent.
  on('interaction.ended', (ctx) => {
    const { result = {}, client, session } = ctx.oidc;
    const sub = result.login?.account ?? session?.accountId();
    if (result.consent) {
      log(`consent sub=${v(sub)} client=${v(client?.clientId)}`);
    } else if (result.login) {
      log(`sign-in sub=${v(sub)} client=${v(client?.clientId)}`);
    }
  });

  on('grant.success', (ctx) => {
    const { params = {}, client, entities = {} } = ctx.oidc;
    const token = entities.AccessToken || entities.RefreshToken || entities.AuthorizationCode;
    log(
      `token client=${v(client?.clientId)} grant=${v(params.grant_type)} sub=${v(token?.accountId)}`,
    );
  });

  // The session object is destroyed (in the store) by now, but still holds the account.
  on('end_session.success', (ctx) => {
    const { session, client, params = {} } = ctx.oidc;
    const scope = params.logout ? 'all' : 'client';
    log(`end-session sub=${v(session?.accountId())} client=${v(client?.clientId)} logout=${scope}`);
  });

  on('backchannel.success', (ctx, client, accountId, sid) => {
    log(`backchannel client=${v(client.clientId)} sub=${v(accountId)} sid=${v(sid)} status=ok`);
  });
  on('backchannel.error', (ctx, err, client, accountId, sid) => {
    // 6.31.1 wants exactly 200 from the receiver: anything else (even 204) is an error.
    const detail = err?.response ? `http_${err.response.statusCode}` : err?.code || err?.message;
    log(
      `backchannel client=${v(client.clientId)} sub=${v(accountId)} sid=${v(sid)} status=error error=${v(detail)}`,
    );
  });

  for (const event of ERROR_EVENTS) {
    on(event, (ctx, err) => {
      const client = ctx?.oidc?.client?.clientId ?? ctx?.oidc?.params?.client_id;
      const origin =
        event === 'check_session_origin.error' ? ` origin=${v(ctx.oidc?.params?.origin)}` : '';
      const description = err?.error_description || err?.message;
      log(
        `error event=${event} client=${v(client)}${origin} error=${v(err?.error || err?.name)} description=${oneLine(description)}`,
      );
    });
  }

  // Errors thrown outside oidc-provider's own error handling (our middlewares, Koa itself).
  provider.app.on('error', (err) => {
    log(`error event=koa error=${v(err?.name)} description=${oneLine(err?.message)}`);
  });
}
