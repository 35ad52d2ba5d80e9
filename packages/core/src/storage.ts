import type { KeyValueStorage } from './types';

/** Storage that may be missing (server) or throw (blocked, quota): reads give null, writes no-op. */
export function safeStorage(get: () => KeyValueStorage | undefined): KeyValueStorage {
  const call = <T>(fn: (s: KeyValueStorage) => T, fallback: T): T => {
    try {
      const s = get();
      return s ? fn(s) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    getItem: (k) => call((s) => s.getItem(k), null),
    setItem: (k, v) => call((s) => s.setItem(k, v), undefined),
    removeItem: (k) => call((s) => s.removeItem(k), undefined),
  };
}

/** Read a JSON value; anything unparsable counts as absent. */
export function readJson(storage: KeyValueStorage, key: string): unknown {
  const raw = storage.getItem(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
