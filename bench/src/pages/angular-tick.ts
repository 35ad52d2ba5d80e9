// Counts Angular change-detection passes: ApplicationRef's internal `_tick` (what both the zone
// scheduler and the zoneless one call; `tick()` is the public wrapper), patched on the instance.
import '@angular/compiler'; // JIT: these pages are compiled in the browser, no Angular CLI needed
import type { ApplicationRef } from '@angular/core';

export function countTicks(appRef: ApplicationRef): () => number {
  let runs = 0;
  const target = appRef as unknown as Record<string, (...args: unknown[]) => unknown>;
  const name = typeof target._tick === 'function' ? '_tick' : 'tick';
  const original = target[name]!.bind(appRef);
  target[name] = (...args) => {
    runs++;
    return original(...args);
  };
  return () => runs;
}
