// Child processes the e2e suite and the demo command run: the dev OP and the sample apps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

// Children run in their own process groups (see below), so they would outlive a harness that is
// killed: end them all when this process goes, however it goes.
const running = new Set();
function killAll() {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/**
 * Start a long-running child process and keep its output lines, so tests can wait for and count
 * them (the dev OP prints one line per authorize / sign-in / end-session call).
 */
export function startProcess(name, command, args, { cwd, env = {}, echo = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so stop() also ends what it spawned (pnpm -> vite, ng -> esbuild).
    detached: true,
  });
  const lines = [];
  const waiters = new Set();
  const onLine = (line) => {
    lines.push(line);
    if (echo) process.stdout.write(`[${name}] ${line}\n`);
    for (const w of waiters) w(line);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', (l) => onLine(`stderr: ${l}`));
  running.add(child);
  const exited = once(child, 'exit').then(() => running.delete(child));
  return {
    name,
    child,
    lines,
    /** Resolve with the first line (seen or future) matching `pattern`. */
    waitForLine(pattern, timeout = 30000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${name}: no line matching ${pattern} within ${timeout} ms. Last lines:\n${lines.slice(-15).join('\n')}`,
            ),
          );
        }, timeout);
        const check = (line) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(line);
        };
        waiters.add(check);
        exited.then(() => {
          if (!waiters.has(check)) return;
          clearTimeout(timer);
          waiters.delete(check);
          reject(
            new Error(`${name} exited before printing ${pattern}:\n${lines.slice(-15).join('\n')}`),
          );
        });
      });
    },
    /** Resolve once `n` lines in all (seen or future) match `pattern`. */
    async waitForCount(pattern, n, timeout = 30000) {
      const count = () => lines.filter((l) => pattern.test(l)).length;
      if (count() >= n) return;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`${name}: ${count()} of ${n} lines matching ${pattern} in ${timeout} ms`),
          );
        }, timeout);
        const check = (line) => {
          if (!pattern.test(line) || count() < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    /** How many lines so far match `pattern`. */
    count(pattern) {
      return lines.filter((l) => pattern.test(l)).length;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal) => {
        try {
          process.kill(-child.pid, signal);
        } catch {
          child.kill(signal);
        }
      };
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Poll an HTTP URL until it answers 2xx (servers that print nothing useful when ready). */
export async function waitForHttp(url, timeout = 60000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 200)); // polling a server that is starting: no event to wait on
  }
  throw new Error(`${url} did not answer within ${timeout} ms (${last})`);
}
