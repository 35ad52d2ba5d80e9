// A private redis-server (Debian's package) per test file: random free port, no persistence unless
// asked (durable: AOF), killed and restarted on demand. Missing binary = a failing test, never a
// silent skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH || 'redis-server';

export function assertRedisServerInstalled(): void {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is required by the @oidc-session/server Redis tests and was not found ` +
        `(${REDIS_SERVER}: ${probe.error?.message ?? `exit ${probe.status}`}). ` +
        `Install it with: apt-get update && apt-get install -y redis-server ` +
        `(or set REDIS_SERVER_PATH).`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL: the clients see the connection drop, as in a crash. */
  kill(): Promise<void>;
  /** Start again on the same port (empty: no persistence in tests). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /**
   * Durable: AOF with `appendfsync always` in a private directory, so a SIGKILL loses nothing
   * acknowledged and `restart()` comes back with the data (the setup the README recommends).
   */
  durable?: boolean;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  assertRedisServerInstalled();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const dir = options.durable ? mkdtempSync(join(tmpdir(), 'oidc-session-redis-')) : undefined;
  const persistence = dir
    ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];

  const launch = async () => {
    const proc = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...persistence,
        '--protected-mode',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (data: Buffer) => {
        output += data.toString();
        if (output.includes('Ready to accept connections')) {
          proc.stdout!.off('data', onData);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (data: Buffer) => (output += data.toString()));
      proc.once('error', reject);
      proc.once('exit', (code, signal) =>
        reject(new Error(`redis-server exited early (${code ?? signal}):\n${output}`)),
      );
    });
    // Keep draining its output so a chatty server never blocks on a full pipe.
    proc.stdout!.resume();
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
  };

  // If the test process dies before afterAll, the server must not outlive it.
  process.once('exit', () => child?.kill('SIGKILL'));
  await launch();
  const stop = async () => {
    await kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  return { port, url: `redis://127.0.0.1:${port}`, kill, restart: launch, stop };
}
