// A root component that counts its own change detection passes: its template calls render() once
// per check (twice in dev mode, with the no-changes pass), so `renders` grows with every tick.
// JIT-compiled at runtime (test/setup.ts loads @angular/compiler); the package itself needs none.
import { Component, inject } from '@angular/core';
import { OidcSessionService } from '../src';

/** Counts render() calls of every Probe; reset it per test. */
export const counter = { renders: 0 };

export const Probe = Component({
  selector: 'oidc-probe',
  template:
    '<i>{{ render() }}</i><b data-testid="session-status">{{ session.status() }}</b><u>{{ session.user()?.sub }}</u>',
})(
  class {
    readonly session = inject(OidcSessionService);
    render(): string {
      counter.renders++;
      return '';
    }
  },
);

/** Resolve when `condition()` holds; poll with real timers. */
export async function waitFor(condition: () => boolean, timeout = 2000, what = 'condition') {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `promise`, or a rejection after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms),
    ),
  ]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
