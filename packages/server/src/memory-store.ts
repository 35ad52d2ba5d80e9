// The default store: one process, nothing to install. Several instances need the Redis store.
import {
  DEFAULT_ENDED_TTL_MS,
  endedSessionKeys,
  endedSessionLookupKeys,
  matchesLogout,
} from './ended-sessions';
import { createListenerSet } from './listeners';
import { TtlMap } from './ttl-map';
import type { LogoutEvent, SessionEventStore } from './types';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** How long an ended session is remembered (a tab reconnecting later still learns it). Default 24 h. */
  endedTtlMs?: number;
  /** Cap on remembered ended sessions and on remembered `jti`s (each). Default 100 000. */
  maxEntries?: number;
}

export interface MemorySessionEventStore extends SessionEventStore {
  /** How many listeners are subscribed (one per connected SSE client): for metrics and tests. */
  readonly subscriberCount: number;
}

/** A store in this process's memory, bounded in time (`endedTtlMs`) and size (`maxEntries`). */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemorySessionEventStore {
  const endedTtlMs = options.endedTtlMs ?? DEFAULT_ENDED_TTL_MS;
  const maxEntries = options.maxEntries ?? 100_000;
  const ended = new TtlMap<LogoutEvent>(maxEntries);
  const jtis = new TtlMap<{ event: LogoutEvent; completed: boolean }>(maxEntries);
  const listeners = createListenerSet();

  return {
    get subscriberCount() {
      return listeners.size;
    },
    async recordLogout(event, token) {
      const previous = token && jtis.get(token.jti);
      if (previous) {
        // A retry of a logout whose receiver did not finish: say it again to be sure.
        if (!previous.completed) listeners.notify(previous.event);
        return { replayOf: previous.event, completed: previous.completed };
      }
      const copy = { ...event };
      if (token) jtis.set(token.jti, { event: copy, completed: false }, token.ttlMs);
      for (const key of endedSessionKeys(copy)) ended.set(key, copy, endedTtlMs);
      listeners.notify(copy);
      return { replayOf: null };
    },
    async completeLogout(jti) {
      const entry = jtis.get(jti);
      if (entry) entry.completed = true;
    },
    async isEnded(query) {
      for (const key of endedSessionLookupKeys(query)) {
        const event = ended.get(key);
        if (event && matchesLogout(event, query)) return event;
      }
      return null;
    },
    subscribe: listeners.subscribe,
    async close() {
      listeners.clear();
      ended.clear();
      jtis.clear();
    },
  };
}
