// Keyed timers on an injected clock: arming a key replaces its pending timer, so no loop can leave
// a second timer behind.
import type { TimerKey } from '../engine/events';
import type { Clock } from './clock';

export function createTimers<K extends string = TimerKey>(clock: Clock) {
  const pending = new Map<K, unknown>();
  const clear = (key: K) => {
    clock.clearTimeout(pending.get(key));
    pending.delete(key);
  };
  return {
    set(key: K, ms: number, fire: () => void): void {
      clear(key);
      pending.set(
        key,
        clock.setTimeout(() => {
          pending.delete(key);
          fire();
        }, ms),
      );
    },
    clear,
    clearAll(): void {
      for (const key of [...pending.keys()]) clear(key);
    },
  };
}
