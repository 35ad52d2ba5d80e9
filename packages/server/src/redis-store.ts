// Ended sessions in Redis, shared by every instance of the RP backend: keys with a TTL for
// `isEnded`, `SET NX` for jti replay, and a pub/sub channel that carries each logout to the
// instances holding the SSE connections.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import {
  DEFAULT_ENDED_TTL_MS,
  endedSessionKeys,
  endedSessionLookupKeys,
  matchesLogout,
} from './ended-sessions';
import { createListenerSet } from './listeners';
import type { LogoutEvent, SessionEventStore } from './types';

/**
 * A node-redis client (v4 or v5, `createClient()`), connected or not. Typed loosely on purpose:
 * the generic client types differ between majors.
 */
export interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  /** Connect (the store calls it when the client is not open yet). */
  connect(): Promise<unknown>;
  /** A second connection for the subscription (Redis pub/sub needs its own). */
  duplicate(...args: never[]): unknown;
  /** Connection errors, which the store reports instead of crashing the process. */
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Options of {@link createRedisStore}: a URL, or a client of the app's. */
export interface RedisStoreOptions {
  /** `redis://...` URL for a client the store creates, owns and closes. */
  url?: string;
  /** Or the app's own client; the store connects it if needed and never closes it. */
  client?: RedisClientLike;
  /** Prefix of every key and of the channel. Default `oidc-session:`. */
  keyPrefix?: string;
  /** How long an ended session is remembered. Default 24 h. */
  endedTtlMs?: number;
  /** A command slower than this fails (the receiver answers 503). Default 2 000 ms. */
  commandTimeoutMs?: number;
  /**
   * `createRedisStore` rejects with a `RedisUnavailableError` when both connections are not up
   * within this time (Redis unreachable at start), and stops trying. Default 10 000 ms.
   */
  connectTimeoutMs?: number;
  /**
   * Connection errors (Redis restarting, network). They never throw: the clients reconnect by
   * themselves. Default: one `console.error` line per outage.
   */
  onError?: (err: unknown) => void;
}

export interface RedisSessionEventStore extends SessionEventStore {
  /** Both the command and the subscriber connection are up. */
  readonly isReady: boolean;
  readonly subscriberCount: number;
}

/** The slice of the node-redis API the store uses (v4 and v5 agree on these). */
interface Client {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  duplicate(): Client;
  on(event: string, listener: (...args: never[]) => void): unknown;
  mGet(keys: string[]): Promise<(string | null)[]>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  close?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  destroy?(): void;
  disconnect?(): Promise<unknown>;
}

// One atomic step (a script runs alone in Redis, and AOF logs all of its writes or none): the jti
// mark, the ended-session keys and the announcement. A jti that is marked already changes nothing
// and returns its mark, `p:` (pending) or `d:` (done) before the event recorded with it.
// KEYS: [jti mark,] ended-session keys. ARGV: event, ended TTL, channel, message, mark TTL ('' = none).
const RECORD_SCRIPT = `
local first = 1
if ARGV[5] ~= '' then
  local previous = redis.call('GET', KEYS[1])
  if previous then return previous end
  redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', ARGV[5])
  first = 2
end
for i = first, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return false
`;

// Pending -> done, keeping the mark's TTL (Redis 6+).
const COMPLETE_SCRIPT = `
local mark = redis.call('GET', KEYS[1])
if mark and string.sub(mark, 1, 2) == 'p:' then
  redis.call('SET', KEYS[1], 'd:' .. string.sub(mark, 3), 'KEEPTTL')
end
return false
`;

/** {@link createRedisStore} could not reach Redis in time at start; the message names the host. */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * A store shared by every instance of the RP backend through Redis: logouts recorded by one
 * instance reach the tabs connected to any other (pub/sub), and ended sessions are remembered for
 * tabs that connect later. Rejects with {@link RedisUnavailableError} when Redis is unreachable.
 */
export async function createRedisStore(
  options: RedisStoreOptions,
): Promise<RedisSessionEventStore> {
  const prefix = options.keyPrefix ?? 'oidc-session:';
  const channel = `${prefix}logout`;
  const endedTtlMs = options.endedTtlMs ?? DEFAULT_ENDED_TTL_MS;
  const timeoutMs = options.commandTimeoutMs ?? 2000;
  const ownsClient = options.client === undefined;
  if (ownsClient && !options.url)
    throw new TypeError('createRedisStore: url or client is required');

  // Our own client fails fast while disconnected instead of queueing: a logout must be answered
  // 503 now (the OP retries), not 200 at some later reconnect, nor hang.
  const client = (options.client ??
    createClient({ url: options.url!, disableOfflineQueue: true })) as unknown as Client;
  const subscriber = client.duplicate();
  const instance = randomUUID();
  const listeners = createListenerSet();
  watchErrors(client, 'commands', options.onError);
  watchErrors(subscriber, 'subscriber', options.onError);

  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const connectBoth = async () => {
    if (!client.isOpen) await client.connect();
    await subscriber.connect();
    // node-redis subscribes again by itself after every reconnect.
    await subscriber.subscribe(channel, (message) => {
      const parsed = parseMessage(message);
      // Our own logouts were delivered locally already, before the publish came back.
      if (parsed && parsed.origin !== instance) listeners.notify(parsed.event);
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // node-redis retries an unreachable server forever and its connect() never settles meanwhile.
    await Promise.race([
      connectBoth(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not connected within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
      }),
    ]);
  } catch (cause) {
    abandon(subscriber);
    if (ownsClient) abandon(client);
    throw new RedisUnavailableError(
      `createRedisStore: redis at ${describeTarget(options)} unreachable: ${String((cause as Error)?.message ?? cause)}`,
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }

  const command = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new RedisUnavailableError(`redis not connected (${name})`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new RedisUnavailableError(`redis ${name} timed out`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      throw err instanceof RedisUnavailableError
        ? err
        : new RedisUnavailableError(`redis ${name} failed`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    get isReady() {
      return client.isReady && subscriber.isReady;
    },
    get subscriberCount() {
      return listeners.size;
    },
    async recordLogout(event, token) {
      const copy = { ...event };
      const value = JSON.stringify(copy);
      const keys = endedSessionKeys(copy).map((key) => `${prefix}ended:${key}`);
      if (token) keys.unshift(`${prefix}jti:${token.jti}`);
      const previous = await command('recordLogout', () =>
        client.eval(RECORD_SCRIPT, {
          keys,
          arguments: [
            value,
            String(endedTtlMs),
            channel,
            JSON.stringify({ origin: instance, event: copy }),
            token ? String(Math.max(1, Math.ceil(token.ttlMs))) : '',
          ],
        }),
      );
      if (typeof previous === 'string') {
        // A mark written by an older version holds no event: a replay, done with.
        const replayOf = parseEvent(previous.slice(2));
        if (!replayOf) return { replayOf: copy, completed: true };
        const completed = previous.startsWith('d:');
        // A retry of a logout whose receiver did not finish (maybe the reply of the write itself
        // was lost): this instance's own tabs may not have heard it, so say it again.
        if (!completed) listeners.notify(replayOf);
        return { replayOf, completed };
      }
      listeners.notify(copy);
      return { replayOf: null };
    },
    async completeLogout(jti) {
      await command('completeLogout', () =>
        client.eval(COMPLETE_SCRIPT, { keys: [`${prefix}jti:${jti}`], arguments: [] }),
      );
    },
    async isEnded(query) {
      const keys = endedSessionLookupKeys(query).map((key) => `${prefix}ended:${key}`);
      if (keys.length === 0) return null;
      const values = await command('isEnded', () => client.mGet(keys));
      for (const value of values) {
        const event = value === null ? null : parseEvent(value);
        if (event && matchesLogout(event, query)) return event;
      }
      return null;
    },
    subscribe: listeners.subscribe,
    async close() {
      listeners.clear();
      await subscriber.unsubscribe(channel).catch(() => undefined);
      await closeClient(subscriber);
      if (ownsClient) await closeClient(client);
    },
  };
}

function watchErrors(client: Client, role: string, onError?: (err: unknown) => void): void {
  // Without an 'error' listener, node-redis's EventEmitter would crash the process on a restart.
  let reported = false;
  client.on('ready', () => {
    reported = false;
  });
  client.on('error', (err: never) => {
    if (onError) {
      try {
        onError(err);
      } catch {
        // The hook must not break the reconnect loop.
      }
    } else if (!reported) {
      reported = true;
      console.error(
        `[oidc-session/server] redis ${role} connection: ${String(err)} (reconnecting)`,
      );
    }
  });
}

/** Stops a client's reconnect loop at once (no QUIT: there is no server to say it to). */
function abandon(client: Client): void {
  try {
    if (client.destroy) client.destroy();
    else void client.disconnect?.().catch(() => undefined);
  } catch {
    // Never connected: nothing to stop.
  }
}

/** host:port of the URL, for error messages (never the password). */
function describeTarget(options: RedisStoreOptions): string {
  if (!options.url) return 'the given client';
  try {
    return new URL(options.url).host;
  } catch {
    return 'the given url';
  }
}

async function closeClient(client: Client): Promise<void> {
  if (!client.isOpen) return;
  try {
    await (client.close ? client.close() : client.quit?.());
  } catch {
    // Closing a connection that is already gone.
  }
}

function parseMessage(message: string): { origin: string; event: LogoutEvent } | null {
  try {
    const parsed = JSON.parse(message) as { origin?: unknown; event?: unknown };
    const event = toEvent(parsed.event);
    return typeof parsed.origin === 'string' && event ? { origin: parsed.origin, event } : null;
  } catch {
    return null;
  }
}

function parseEvent(value: string): LogoutEvent | null {
  try {
    return toEvent(JSON.parse(value));
  } catch {
    return null;
  }
}

function toEvent(value: unknown): LogoutEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { iss, sub, sid, at } = value as Record<string, unknown>;
  if (typeof iss !== 'string' || typeof at !== 'number') return null;
  if (sub !== undefined && typeof sub !== 'string') return null;
  if (sid !== undefined && typeof sid !== 'string') return null;
  return {
    iss,
    ...(sub !== undefined && { sub }),
    ...(sid !== undefined && { sid }),
    at,
  };
}
