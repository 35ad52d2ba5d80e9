// One rule for "is this logout about my session?", in real Chromium: core's built
// backchannelLogoutEvents (the browser's own EventSource) against @oidc-session/server's built SSE
// handler, which picks the streams a logout goes to. A user whose ID Token has no `sid` must end on
// a `sid`+`sub` logout of their `sub` (the server sends it to them); a user with a `sid` only on
// their own. No OP here: the rule is all between these two (the dev OP issues `sid` in every ID
// Token), and the logout is recorded in the store the way the receiver records it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../lib/browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ISS = 'https://op.example';

// The page imports core's build; oidc-client-ts (a peer core's entry imports a class from) is not
// used by the signal, so a one-line module stands in for it.
const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "oidc-client-ts": "/oidc-client-ts.js" } }</script>
<script>
  // Count the streams the browser has open, to wait on that instead of on time.
  window.opened = 0;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => window.opened++);
    }
  };
</script>
<script type="module">
  import { backchannelLogoutEvents } from '/core.js';
  const query = new URLSearchParams(location.search);
  const sub = query.get('sub');
  const sid = query.get('sid') ?? undefined;
  const user = { sub, sid, name: undefined, email: undefined, profile: { iss: '${ISS}', sub, sid } };
  window.ends = [];
  backchannelLogoutEvents({ url: '/events' + location.search })({
    user,
    end: (reason) => window.ends.push(reason),
    error: () => {},
  });
</script>`;

describe('back-channel logout: the browser applies the rule the server delivers by', () => {
  let browser;
  let server;
  let store;
  let origin;

  before(async () => {
    const build = spawnSync(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        '--filter=@oidc-session/server',
        '--filter=@oidc-session/core',
        '--output-logs=errors-only',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
    );
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
    const oidc = await import(`${ROOT}/packages/server/dist/index.js`);
    store = oidc.createMemoryStore();
    const events = oidc.toNodeHandler(
      oidc.createSessionEventsHandler({
        store,
        issuer: ISS,
        retryMs: 200,
        // Stands in for the subscription token: the session is what the ID Token said.
        authenticate: (request) => {
          const query = new URL(request.url).searchParams;
          const sid = query.get('sid');
          return { sub: query.get('sub'), ...(sid && { sid }) };
        },
      }),
    );
    const core = readFileSync(`${ROOT}/packages/core/dist/index.js`);
    server = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/events') return events(req, res);
      const send = (type, body) => res.writeHead(200, { 'Content-Type': type }).end(body);
      if (path === '/core.js') return send('text/javascript', core);
      if (path === '/oidc-client-ts.js') {
        return send('text/javascript', 'export class ErrorResponse extends Error {}');
      }
      if (path === '/') return send('text/html', PAGE);
      res.writeHead(404).end();
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /** A tab holding `sub`/`sid`, once its event stream is open at the server. */
  async function tab(sub, sid) {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/?sub=${sub}${sid ? `&sid=${sid}` : ''}`);
    // The server subscribes the stream to the store before it answers, so open means listening.
    await page.waitForFunction(() => window.opened > 0, undefined, { timeout: 10000 });
    return page;
  }

  const ends = (page) => page.evaluate(() => window.ends);

  test('an ID Token without sid: a sid+sub logout of that user ends the session', async () => {
    const page = await tab('alice');
    const other = await tab('bob');
    await store.recordLogout({ iss: ISS, sub: 'alice', sid: 'op-session-7', at: Date.now() });
    await page.waitForFunction(() => window.ends.length > 0, undefined, { timeout: 5000 });
    assert.deepEqual(await ends(page), ['backchannel-logout']);
    assert.deepEqual(await ends(other), []);
    await page.close();
    await other.close();
  });

  test('an ID Token with sid: only a logout of that sid (or of the whole user) ends it', async () => {
    const page = await tab('carol', 's1');
    const sibling = await tab('carol', 's2');
    await store.recordLogout({ iss: ISS, sub: 'carol', sid: 's2', at: Date.now() });
    await sibling.waitForFunction(() => window.ends.length > 0, undefined, { timeout: 5000 });
    assert.deepEqual(await ends(page), []);
    await store.recordLogout({ iss: ISS, sub: 'carol', at: Date.now() });
    await page.waitForFunction(() => window.ends.length > 0, undefined, { timeout: 5000 });
    assert.deepEqual(await ends(page), ['backchannel-logout']);
    await page.close();
    await sibling.close();
  });
});
