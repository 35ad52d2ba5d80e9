// The default store: one process, nothing to install. Several instances need the Redis store.
import {
  DEFAULT_ENDED_TTL_MS,
  endedSessionKeys,
  endedSessionLookupKeys,
  matchesLogout,
} from './ended-sessions';
import { notifyListeners } from './listeners';
import { TtlMap } from './ttl-map';
import type { LogoutEvent, LogoutListener, SessionEventStore } from './types';

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

export function createMemoryStore(options: MemoryStoreOptions = {}): MemorySessionEventStore {
  const endedTtlMs = options.endedTtlMs ?? DEFAULT_ENDED_TTL_MS;
  const maxEntries = options.maxEntries ?? 100_000;
  const ended = new TtlMap<LogoutEvent>(maxEntries);
  const jtis = new TtlMap<true>(maxEntries);
  const listeners = new Set<LogoutListener>();

  return {
    get subscriberCount() {
      return listeners.size;
    },
    async recordLogout(event) {
      const copy = { ...event };
      for (const key of endedSessionKeys(copy)) ended.set(key, copy, endedTtlMs);
      notifyListeners(listeners, copy);
    },
    async isEnded(query) {
      for (const key of endedSessionLookupKeys(query)) {
        const event = ended.get(key);
        if (event && matchesLogout(event, query)) return event;
      }
      return null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async seenJti(jti, ttlMs) {
      if (jtis.get(jti)) return true;
      jtis.set(jti, true, ttlMs);
      return false;
    },
    async forgetJti(jti) {
      jtis.delete(jti);
    },
    async close() {
      listeners.clear();
      ended.clear();
      jtis.clear();
    },
  };
}
