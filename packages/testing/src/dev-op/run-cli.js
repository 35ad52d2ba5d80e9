// The `oidc-session-dev-op` command: runs the dev OP until SIGINT or SIGTERM. Flags win over the
// environment (see README): OP_ORIGIN, OP_PORT, OP_PROFILE, REACT_DEMO_ORIGIN, VUE_DEMO_ORIGIN,
// ANGULAR_DEMO_ORIGIN, BACKCHANNEL_ORIGIN.
// Exit codes: 0 after a signal (or --help), 1 when it cannot start (bad flag, port taken, ...).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { defaultClients, DEFAULT_ORIGIN } from './clients.js';
// A cycle (index.js re-exports this module): only used once the command runs.
import { startDevOp } from './index.js';
import { PROFILES } from './profiles.js';

const USAGE = `Usage: oidc-session-dev-op [flags]

  --origin <url>              issuer, http on loopback (default ${DEFAULT_ORIGIN}, env OP_ORIGIN)
  --port <n>                  listen on another port than the origin's; 0 = a free one (env OP_PORT)
  --profile <name>            how the OP behaves (default "default", env OP_PROFILE):
${Object.entries(PROFILES)
  .map(([name, { description }]) => `                                ${name}: ${description}`)
  .join('\n')}
  --client <id>=<origin>      register a public SPA client (repeatable); replaces the demo clients
  --clients <file.json>       clients from a file: [{ "clientId", "origin", "metadata"? }, ...]
  --backchannel-origin <url>  where logout tokens are POSTed (env BACKCHANNEL_ORIGIN)
  --help                      this text
`;

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/** @param {unknown} err */
function fail(err) {
  const e = /** @type {NodeJS.ErrnoException} */ (err);
  const detail =
    e?.code === 'EADDRINUSE' ? `port in use (${e.message})` : e?.message || String(err);
  process.stderr.write(`dev-op failed: ${detail.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

/**
 * @param {string[]} args
 * @param {Record<string, string | undefined>} env
 * @returns {import('./index.js').DevOpOptions | null} null when only help was asked for
 */
function optionsFrom(args, env) {
  const { values } = parseArgs({
    args,
    options: {
      origin: { type: 'string' },
      port: { type: 'string' },
      profile: { type: 'string' },
      client: { type: 'string', multiple: true },
      clients: { type: 'string' },
      'backchannel-origin': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return null;
  const port = values.port ?? env.OP_PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw new TypeError(`--port: not a port: ${port}`);

  /** @type {import('./clients.js').ClientSpec[]} */
  let clients = [];
  if (values.clients) clients.push(...clientsFile(values.clients));
  for (const pair of values.client ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new TypeError(`--client: expected <id>=<origin>, got ${pair}`);
    clients.push({ clientId: pair.slice(0, at), origin: pair.slice(at + 1) });
  }
  if (!values.clients && !values.client) clients = defaultClients(env);

  return {
    origin: values.origin ?? env.OP_ORIGIN ?? DEFAULT_ORIGIN,
    port: port === undefined ? undefined : Number(port),
    profile: values.profile ?? env.OP_PROFILE ?? 'default',
    clients,
    backchannelOrigin: values['backchannel-origin'] ?? env.BACKCHANNEL_ORIGIN,
    log,
  };
}

/** @param {string} path */
function clientsFile(path) {
  const list = JSON.parse(readFileSync(path, 'utf8'));
  const valid =
    Array.isArray(list) &&
    list.every(
      (c) =>
        c &&
        typeof c.clientId === 'string' &&
        typeof c.origin === 'string' &&
        (c.metadata === undefined || (typeof c.metadata === 'object' && c.metadata !== null)),
    );
  if (!valid) {
    throw new TypeError(
      `--clients ${path}: expected a JSON array of { "clientId": string, "origin": string, "metadata"?: object }`,
    );
  }
  return /** @type {import('./clients.js').ClientSpec[]} */ (list);
}

/**
 * Run the dev OP as a command: parses `args` (flags) and `env`, prints `dev-op ready <issuer>`
 * once it listens, and exits the process on SIGINT/SIGTERM (0) or when it cannot start (1).
 * @param {string[]} args command-line flags, e.g. `process.argv.slice(2)`
 * @param {Record<string, string | undefined>} [env] default `process.env`
 * @returns {Promise<void>} resolves once the OP listens (or after --help)
 */
export async function runDevOpCli(args, env = process.env) {
  try {
    const options = optionsFrom(args, env);
    if (!options) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const op = await startDevOp(options);

    let closing = false;
    /** @param {NodeJS.Signals} signal */
    const shutdown = (signal) => {
      if (closing) process.exit(0); // second signal: do not wait
      closing = true;
      log(`dev-op stopping (${signal})`);
      op.close().then(
        () => process.exit(0),
        () => process.exit(0),
      );
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    // A parent that dies without a signal (e.g. an e2e harness killed hard) closes our stdin pipe
    // if it gave us one; do not linger as an orphan holding the port.
    if (!process.stdin.isTTY && env.DEV_OP_EXIT_ON_STDIN_END === '1') {
      process.stdin.on('end', () => shutdown('SIGTERM'));
      process.stdin.resume();
    }
  } catch (err) {
    fail(err);
  }
}
