// The OP profiles, checked over HTTP (no browser): each reproduces one deviation of a real OP on
// the real oidc-provider 6.31.1, and leaves the rest of the OP as it was.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PROFILE_NAMES, startDevOp } from '../../src/dev-op/index.js';
import {
  authorizeUrl,
  backchannelReceiver,
  go,
  Jar,
  location,
  logoutAtOp,
  signInAndExchange,
} from './http.js';

const APP = 'http://localhost:5173';
const CLIENT = 'react-demo';
const VERIFIER = 'v'.repeat(43);
const CLI = fileURLToPath(new URL('../../src/dev-op/cli.js', import.meta.url));

/**
 * One OP per describe block, with a back-channel receiver and the log lines.
 * @param {string} profile
 */
function withOp(profile) {
  const ctx = {
    /** @type {string[]} */
    lines: [],
    issuer: '',
    /** @type {Awaited<ReturnType<typeof backchannelReceiver>>} */
    receiver: /** @type {any} */ (undefined),
  };
  /** @type {{ close(): Promise<void> }} */
  let op;
  before(async () => {
    ctx.receiver = await backchannelReceiver();
    op = await startDevOp({
      origin: 'http://localhost:4011',
      port: 0,
      profile,
      clients: [{ clientId: CLIENT, origin: APP }],
      backchannelOrigin: ctx.receiver.origin,
      log: (line) => ctx.lines.push(line),
    });
    ctx.issuer = /** @type {any} */ (op).issuer;
  });
  after(async () => {
    await op?.close();
    await ctx.receiver?.close();
  });
  return ctx;
}

/** @param {string} issuer */
const discovery = async (issuer) =>
  (await fetch(`${issuer}/.well-known/openid-configuration`)).json();

describe('profile names', () => {
  test('the seven profiles of the decision, default first', () => {
    assert.deepEqual(PROFILE_NAMES, [
      'default',
      'broken-iframe',
      'login-page-on-prompt-none',
      'frontchannel-no-iss',
      'frontchannel-sid-is-sub',
      'no-check-session',
      'require-nonce',
    ]);
  });

  test('an unknown profile is refused, naming the valid ones', async () => {
    await assert.rejects(
      startDevOp({ port: 0, profile: 'lemonldap', log: () => {} }),
      /unknown profile "lemonldap"; one of default, broken-iframe, /,
    );
  });
});

describe('profile broken-iframe', () => {
  const op = withOp('broken-iframe');

  test('the check_session page compares another hash than the server computes', async () => {
    const res = await fetch(`${op.issuer}/session/check`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /var expected = shab64u\(origin, clientId, opbs, salt\);/);
    assert.doesNotMatch(html, /shab64u\(clientId, origin, opbs, salt\)/);
    // Still served offline with a valid SRI hash, so it loads and answers (`changed`).
    assert.match(html, /<script [^>]*src="\/dev-op\/sha256\.js" integrity="sha256-/);
  });

  test('the server side is untouched: discovery and session_state as usual', async () => {
    const d = await discovery(op.issuer);
    assert.equal(d.check_session_iframe, `${op.issuer}/session/check`);
    const { callback } = await signInAndExchange(op.issuer, new Jar(), {
      client: CLIENT,
      app: APP,
    });
    assert.ok(callback.searchParams.get('session_state'));
  });
});

describe('profile login-page-on-prompt-none', () => {
  const op = withOp('login-page-on-prompt-none');
  const silent = (/** @type {Jar} */ jar) =>
    go(
      jar,
      authorizeUrl(op.issuer, {
        client: CLIENT,
        app: APP,
        verifier: VERIFIER,
        params: { prompt: 'none', nonce: 'n' },
      }),
    );

  test('prompt=none without a session: 200, a login page that refuses to be framed', async () => {
    const res = await silent(new Jar());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('location'), null);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(
      /** @type {string} */ (res.headers.get('content-security-policy')),
      /frame-ancestors 'none'/,
    );
    const html = await res.text();
    assert.match(html, /<h1>Sign-in<\/h1>/);
    assert.doesNotMatch(html, /login_required/);
    assert.ok(op.lines.includes(`login-page client=${CLIENT} instead-of=login_required`));
  });

  test('an interactive request still goes to the login interaction', async () => {
    const res = await go(
      new Jar(),
      authorizeUrl(op.issuer, { client: CLIENT, app: APP, verifier: VERIFIER }),
    );
    assert.match(location(res, op.issuer), /\/interaction\/[\w-]+$/);
  });

  test('prompt=none with a session still answers with a code', async () => {
    const jar = new Jar();
    await signInAndExchange(op.issuer, jar, { client: CLIENT, app: APP });
    const back = new URL(location(await silent(jar), op.issuer));
    assert.equal(back.origin + back.pathname, `${APP}/callback`);
    assert.ok(back.searchParams.get('code'));
  });
});

describe('profile frontchannel-no-iss', () => {
  const op = withOp('frontchannel-no-iss');

  test('the front-channel call has the sid of the ID Token and no iss', async () => {
    const jar = new Jar();
    const { claims } = await signInAndExchange(op.issuer, jar, { client: CLIENT, app: APP });
    assert.equal(typeof claims.sid, 'string');
    const [frame, ...more] = await logoutAtOp(op.issuer, jar);
    assert.equal(more.length, 0);
    assert.equal(frame.origin + frame.pathname, `${APP}/frontchannel-logout`);
    assert.equal(frame.searchParams.get('sid'), claims.sid);
    assert.equal(frame.searchParams.has('iss'), false);
    assert.ok(op.lines.includes(`frontchannel client=${CLIENT} uri=${frame.href}`));
  });
});

describe('profile frontchannel-sid-is-sub', () => {
  const op = withOp('frontchannel-sid-is-sub');

  test('no sid claim in the ID Token; the front-channel sid is the user id, with iss', async () => {
    const jar = new Jar();
    const { claims } = await signInAndExchange(op.issuer, jar, {
      client: CLIENT,
      app: APP,
      user: 'carol',
    });
    assert.equal(claims.sub, 'carol');
    assert.equal('sid' in claims, false);
    const [frame] = await logoutAtOp(op.issuer, jar);
    assert.equal(frame.origin + frame.pathname, `${APP}/frontchannel-logout`);
    assert.equal(frame.searchParams.get('sid'), 'carol');
    assert.equal(frame.searchParams.get('iss'), op.issuer);
  });
});

describe('profile no-check-session', () => {
  const op = withOp('no-check-session');

  test('discovery has no check_session_iframe, back-channel logout still on', async () => {
    const d = await discovery(op.issuer);
    assert.equal('check_session_iframe' in d, false);
    assert.equal(d.backchannel_logout_supported, true);
    assert.equal(d.backchannel_logout_session_supported, true);
    assert.ok(d.end_session_endpoint);
    assert.equal((await fetch(`${op.issuer}/session/check`)).status, 404);
  });

  test('no session_state on sign-in; a logout at the OP calls the back-channel', async () => {
    const jar = new Jar();
    const { callback, claims } = await signInAndExchange(op.issuer, jar, {
      client: CLIENT,
      app: APP,
    });
    assert.equal(callback.searchParams.has('session_state'), false);
    await logoutAtOp(op.issuer, jar);
    assert.equal(op.receiver.calls.length, 1);
    const token = op.receiver.calls[0].get('logout_token') ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.equal(payload.sid, claims.sid);
  });
});

describe('profile require-nonce', () => {
  const op = withOp('require-nonce');
  /** @param {Record<string, string>} params @param {Jar} [jar] */
  const authorize = (params, jar = new Jar()) =>
    go(jar, authorizeUrl(op.issuer, { client: CLIENT, app: APP, verifier: VERIFIER, params }));

  test('a code request without nonce goes back with invalid_request and its state', async () => {
    const back = new URL(location(await authorize({}), op.issuer));
    assert.equal(back.origin + back.pathname, `${APP}/callback`);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.get('error_description'), 'nonce required');
    assert.equal(back.searchParams.get('state'), 'st4te');
    assert.equal(back.searchParams.has('code'), false);
  });

  test('prompt=none without nonce too, even with a session at the OP', async () => {
    const jar = new Jar();
    await signInAndExchange(op.issuer, jar, { client: CLIENT, app: APP, params: { nonce: 'n1' } });
    const back = new URL(location(await authorize({ prompt: 'none' }, jar), op.issuer));
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.has('code'), false);
    // With a nonce, the same request gets a code and the ID Token echoes it.
    const ok = new URL(location(await authorize({ prompt: 'none', nonce: 'n2' }, jar), op.issuer));
    assert.ok(ok.searchParams.get('code'));
  });

  test('with a nonce, sign-in works and the ID Token carries it', async () => {
    const { claims } = await signInAndExchange(op.issuer, new Jar(), {
      client: CLIENT,
      app: APP,
      params: { nonce: 'n0nce-3' },
    });
    assert.equal(claims.nonce, 'n0nce-3');
  });

  test('an unregistered redirect_uri is never redirected to: the OP renders its own error', async () => {
    const res = await authorize({ redirect_uri: 'http://localhost:9999/callback' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });

  test('each authorization request logs its nonce (or -)', () => {
    const nonces = op.lines
      .filter((l) => l.startsWith(`authorize-nonce client=${CLIENT} `))
      .map((l) => l.split(' nonce=')[1]);
    assert.ok(nonces.includes('-'));
    for (const nonce of ['n1', 'n2', 'n0nce-3']) assert.ok(nonces.includes(nonce), nonce);
    assert.ok(
      op.lines.includes(
        `authorize-error client=${CLIENT} error=invalid_request description=nonce+required`,
      ),
    );
  });
});

describe('the CLI', () => {
  test('--help lists every profile', () => {
    const run = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0);
    for (const name of PROFILE_NAMES) assert.match(run.stdout, new RegExp(`\\b${name}: `));
  });

  test('a bad flag or profile exits 1 with a reason', () => {
    for (const [args, reason] of [
      [['--profile', 'nope'], /unknown profile "nope"/],
      [['--port', 'x'], /--port: not a port/],
      [['--client', 'no-origin'], /--client: expected <id>=<origin>/],
      [['--bogus'], /Unknown option '--bogus'/],
    ]) {
      const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      assert.equal(run.status, 1, String(args));
      assert.match(run.stderr, /^dev-op failed: /);
      assert.match(run.stderr, reason);
    }
  });

  test('--profile, --client and --port start that OP and its clients', async () => {
    const child = spawn(
      process.execPath,
      [CLI, '--port', '0', '--profile', 'no-check-session', '--client', `spa=${APP}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      /** @type {string[]} */
      const lines = [];
      let ready = '';
      for await (const line of createInterface({ input: /** @type {any} */ (child.stdout) })) {
        lines.push(line);
        if (line.startsWith('dev-op ready ')) {
          ready = line;
          break;
        }
      }
      assert.ok(lines.includes('dev-op profile no-check-session'), lines.join('\n'));
      const issuer = ready.slice('dev-op ready '.length);
      const d = await discovery(issuer);
      assert.equal('check_session_iframe' in d, false);
      const res = await go(
        new Jar(),
        authorizeUrl(issuer, { client: 'spa', app: APP, verifier: VERIFIER }),
      );
      assert.match(location(res, issuer), /\/interaction\//);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
