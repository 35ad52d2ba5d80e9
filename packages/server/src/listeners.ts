// The subscribers of a store, shared by the memory and the Redis store.
import type { LogoutEvent, LogoutListener } from './types';

export interface ListenerSet {
  readonly size: number;
  subscribe(listener: LogoutListener): () => void;
  /** Call every listener; one that throws must not keep the others (or the receiver) from running. */
  notify(event: LogoutEvent): void;
  clear(): void;
}

export function createListenerSet(): ListenerSet {
  const listeners = new Set<LogoutListener>();
  return {
    get size() {
      return listeners.size;
    },
    subscribe(listener) {
      // A wrapper per call: the same function subscribed twice is two subscriptions.
      const entry: LogoutListener = (event) => listener(event);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    notify(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          console.error('[oidc-session/server] logout listener failed', err);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
