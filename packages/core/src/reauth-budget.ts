// The loop breaker: at most `max` silent re-checks per `windowMs`, counted in sessionStorage so a
// page that reloads itself on every `changed` cannot reset it.
import { readJson } from './storage';
import type { KeyValueStorage } from './types';

export interface ReauthBudget {
  /** Record an attempt if the budget allows it; false when it is spent. */
  take(now: number): boolean;
  /** Forget the attempts: the session they were about has ended (no loop goes through `ended`). */
  reset(): void;
}

export function createReauthBudget(
  storage: KeyValueStorage,
  key: string,
  max: number,
  windowMs: number,
): ReauthBudget {
  return {
    take(now) {
      const stored = readJson(storage, key);
      const recent = (Array.isArray(stored) ? stored : []).filter(
        (t): t is number => typeof t === 'number' && t > now - windowMs && t <= now,
      );
      if (recent.length >= max) return false;
      recent.push(now);
      storage.setItem(key, JSON.stringify(recent));
      return true;
    },
    reset: () => storage.removeItem(key),
  };
}
