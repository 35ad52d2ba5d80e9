// Runs the demo's processes: the services one after the other (each ready when it prints its
// ready line), then every app at once (each ready when its URL answers). A slow first build is
// not a failure: it waits as long as the process lives and says how long it has been compiling.
// The demo fails only when one of its processes exits; then it stops the others.
import { startProcess } from '../../e2e/lib/processes.mjs';

// setTimeout's ceiling (about 24 days): "wait as long as the process lives".
const FOREVER = 2 ** 31 - 1;
// What in an app's output is worth showing while it compiles.
const PROBLEM = /\berror\b|✘|failed|cannot find/i;

/**
 * @typedef {object} DemoProcess
 * @property {string} name   shown in front of each progress line ("Angular: compiling...")
 * @property {string} command
 * @property {string[]} args
 * @property {string} [cwd]
 * @property {Record<string, string>} [env]
 */

/**
 * Start the demo. `services` (with a `ready` line pattern) start in order, their output echoed;
 * then `apps` (with a `url`) start together, with a progress line per app every `progressEvery`
 * ms until its URL answers. `onReady` runs once everything answers.
 *
 * @param {{
 *   services: Array<DemoProcess & { ready: RegExp }>,
 *   apps: Array<DemoProcess & { url: string }>,
 *   progressEvery?: number,
 *   log?: (line: string) => void,
 *   onReady?: () => void,
 * }} options
 * @returns {{ done: Promise<number>, stop: () => Promise<void> }} `done` resolves with the exit
 *   code: 1 once any process has exited (the others are stopped by then), 0 after `stop()`.
 */
export function runDemo({
  services,
  apps,
  progressEvery = 10000,
  log = (line) => process.stdout.write(`${line}\n`),
  onReady,
}) {
  const procs = [];
  let stopping = false;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));

  async function stopAll(code) {
    if (stopping) return;
    stopping = true;
    await Promise.all(procs.map((p) => p.stop()));
    finish(code);
  }

  function launch(spec, echo) {
    const proc = startProcess(spec.name, spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      echo,
    });
    procs.push(proc);
    proc.child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${spec.name}: exited (${signal ?? `code ${code}`}), so the demo stops. Its last lines:`);
      for (const line of proc.lines.slice(-20)) log(`  [${spec.name}] ${line}`);
      void stopAll(1);
    });
    return proc;
  }

  const seconds = (since) => Math.round((Date.now() - since) / 1000);

  async function answers(url) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(progressEvery) });
      return res.ok;
    } catch {
      return false;
    }
  }

  async function serve(app) {
    const started = Date.now();
    log(`${app.name}: compiling...`);
    const proc = launch(app, false);
    let shown = 0;
    let nextReport = started + progressEvery;
    while (!stopping) {
      if (await answers(app.url)) {
        log(`${app.name}: ready at ${app.url} (after ${seconds(started)} s)`);
        return;
      }
      for (; shown < proc.lines.length; shown++) {
        if (PROBLEM.test(proc.lines[shown])) log(`  [${app.name}] ${proc.lines[shown]}`);
      }
      if (Date.now() >= nextReport) {
        log(`${app.name}: compiling... (${seconds(started)} s, still running)`);
        nextReport += progressEvery;
      }
      // A server that is still starting has no event to wait on: ask again shortly.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  void (async () => {
    try {
      for (const service of services) {
        log(`${service.name}: starting...`);
        await launch(service, true).waitForLine(service.ready, FOREVER);
      }
      await Promise.all(apps.map(serve));
      if (!stopping) onReady?.();
    } catch (err) {
      // A process that exited has already been reported, and the demo is stopping.
      if (!stopping) {
        log(`the demo could not start: ${err.message}`);
        void stopAll(1);
      }
    }
  })();

  return { done, stop: () => stopAll(0) };
}
