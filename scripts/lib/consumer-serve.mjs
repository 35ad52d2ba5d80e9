// The consumer test's second half: serve a prepared app's production build and check the page it
// serves; the apps with a client id then sign in at the dev OP in Chromium and must see `ended`
// after a logout there.
import { spawnSync } from 'node:child_process';
import { startDevOp } from '../../packages/testing/src/dev-op/index.js';
import { endSessionAtOp, launchBrowser, signIn, waitForStatus } from '../../e2e/lib/browser.mjs';
import { startProcess, waitForHttp } from '../../e2e/lib/processes.mjs';

const OP = 'http://localhost:4011';

/** Serve `app` (prepared in `dir`), check it, stop it. Throws with the server's last lines. */
export async function serveAndCheck(app, dir) {
  const started = Date.now();
  if (app.test) {
    const result = spawnSync('npm', ['run', app.test, '--silent'], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `${app.name}: npm run ${app.test} failed\n${result.stdout}\n${result.stderr}`,
      );
    process.stdout.write(result.stdout);
    console.log(`ok ${app.name}: npm run ${app.test} (${Date.now() - started} ms)`);
    return;
  }
  const origin = `http://localhost:${app.port}`;
  const server = startProcess(app.name, 'npm', ['start', '--silent'], {
    cwd: dir,
    env: { PORT: String(app.port), HOST: 'localhost', NODE_ENV: 'production' },
  });
  try {
    await waitForHttp(`${origin}/`);
    const html = await (await fetch(`${origin}/`)).text();
    if (!app.page.test(html)) {
      throw new Error(
        `${app.name}: ${origin}/ does not match ${app.page}:\n${html.slice(0, 2000)}`,
      );
    }
    let detail = 'page rendered';
    if (app.clientId) detail = await signInAndOut(app, origin);
    console.log(`ok ${app.name}: ${detail} (${Date.now() - started} ms)`);
  } catch (err) {
    err.message += `\n[${app.name} server] ${server.lines.slice(-20).join('\n')}`;
    throw err;
  } finally {
    await server.stop();
  }
}

/** Sign in through the app and the dev OP, then log out at the OP in another tab: `ended`. */
async function signInAndOut(app, origin) {
  const op = await startDevOp({
    origin: OP,
    clients: [{ clientId: app.clientId, origin }],
    log: () => {},
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    // The first load hydrates the server's `idle` (or mounts the SPA): no error may be logged on
    // the way to `signed-out` (a hydration mismatch, a browser global touched too early, ...).
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      // A missing favicon is the browser's business, not the app's.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        errors.push(msg.text());
    });
    await page.goto(`${origin}/`);
    await waitForStatus(page, 'signed-out');
    if (errors.length > 0) throw new Error(`${app.name}: errors on the first load: ${errors}`);
    await signIn(page, origin);
    // `Alice` is the `name` claim: the example asks for `openid profile email` (the `sub` is `alice`).
    const name = await page.getByTestId('session-user').textContent();
    if (name !== 'Alice') throw new Error(`${app.name}: shows the user as ${JSON.stringify(name)}`);
    const { started } = await endSessionAtOp(browser.context, OP);
    await waitForStatus(page, 'ended');
    return `served, signed in (active), logout at the OP -> ended in ${Date.now() - started} ms`;
  } finally {
    await browser.close();
    await op.close();
  }
}
