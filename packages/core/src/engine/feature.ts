// The opt-in parts of the engine. An app passes them in (`anonymous: anonymousSessions()`,
// `probe: opProbe()`), so one that does not import them does not ship them. Each is a set of
// pure transition steps the core calls at fixed points.
import type { SilentCheckResult } from '../client-port';
import type { Draft } from './draft';

/** Expiry warnings (see expiry.ts). */
export interface ExpiryFeature {
  /** After every transition (`timer`: its timer fired): show the deadlines, warn when due. */
  sync(d: Draft, timer: boolean): void;
}

/** Idle sign-out (see idle.ts): pure steps, plus the page watcher the runtime starts. */
export interface IdleFeature {
  /** After every transition: count down while a user is signed in and the session started. */
  sync(d: Draft): void;
  /** Activity in this tab (`force`: `stayActive()`, not throttled). */
  onActivity(d: Draft, force: boolean): void;
  /** Another tab saw activity at `at`. */
  onTabActivity(d: Draft, at: number): void;
  /** The idle timer fired. */
  onTimer(d: Draft): void;
  /** Start watching this page for activity (pointer, keys, shown again); returns the stop. */
  watch(report: () => void): () => void;
}

/** The OP reachability probe while polling (see probe.ts). */
export interface ProbeFeature {
  /** The leader's iframe answered its first check: start probing. */
  arm(d: Draft): void;
  /** The probe timer fired. */
  onTimer(d: Draft): void;
  /** A probe came back: the OP answered (`ok`) or not. */
  onProbed(d: Draft, ok: boolean): void;
}

/** Anonymous monitoring while nobody is signed in (see anonymous.ts). */
export interface AnonymousFeature {
  /** Nobody is signed in: ask the OP for its session_state. Also its retry after a failure. */
  begin(d: Draft): void;
  /** Its silent request came back (`null`: failed on the way). */
  onSilent(d: Draft, result: SilentCheckResult | null): void;
  /** Discovery for its iframe came back. */
  onDiscovered(d: Draft, url: string | undefined, origin: string, failed: boolean): void;
  /** Its iframe answered a check (`first`: the first one). */
  onAnswer(d: Draft, answer: 'unchanged' | 'changed' | 'error', first: boolean): void;
}
