// A scripted OidcSession for the framework adapters' tests (React, Vue; Angular's own fake builds
// on IDLE and user): set the snapshot by hand, notify without a change, count start/stop and
// subscribers. It implements the whole interface, so an adapter is tested against the contract
// and nothing else.
import type {
  OidcSession,
  SessionSnapshot,
  SessionStats,
  SessionStatus,
  SessionUser,
} from '../src/index';

export const IDLE: SessionSnapshot = Object.freeze({
  status: 'idle',
  reason: null,
  user: null,
  sessionState: null,
  since: null,
  isPolling: false,
});

export const STATUSES: readonly SessionStatus[] = [
  'idle',
  'signed-out',
  'starting',
  'active',
  'reauthenticating',
  'ended',
  'unsupported',
  'error',
];

/** A user as core reports it. */
export function user(sub: string, name = sub): SessionUser {
  return { sub, sid: `sid-${sub}`, name, email: `${sub}@example.com`, profile: { sub, name } };
}

export interface FakeSession extends OidcSession {
  readonly started: number;
  readonly stopped: number;
  readonly subscribers: number;
  /** Actions called, in order, with their arguments. */
  readonly calls: string[];
  /** Replace the snapshot with a new object and notify, as the engine does on a change. */
  set(patch: Partial<SessionSnapshot>): void;
  /** Notify the subscribers with the snapshot unchanged (the same object). */
  notify(): void;
}

/** A fake session whose snapshot starts as `idle` patched with `initial`. */
export function createFakeSession(initial: Partial<SessionSnapshot> = {}): FakeSession {
  let snapshot: SessionSnapshot = Object.freeze({ ...IDLE, ...initial });
  const listeners = new Set<() => void>();
  const calls: string[] = [];
  let started = 0;
  let stopped = 0;
  const stats: SessionStats = {
    posted: 0,
    unchanged: 0,
    changed: 0,
    error: 0,
    timeouts: 0,
    ignored: 0,
    reauths: 0,
  };
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    get started() {
      return started;
    },
    get stopped() {
      return stopped;
    },
    get subscribers() {
      return listeners.size;
    },
    calls,
    set(patch) {
      snapshot = Object.freeze({ ...snapshot, ...patch });
      notify();
    },
    notify,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      // A fresh function per subscription, so the count is one per call even for equal listeners.
      const entry = () => listener();
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    on: () => () => {},
    getStats: () => stats,
    getLastCheckedAt: () => null,
    start() {
      started++;
    },
    stop() {
      stopped++;
    },
    dispose() {
      calls.push('dispose');
    },
    async checkNow() {
      calls.push('checkNow');
      return snapshot;
    },
    async signIn(args) {
      calls.push(`signIn ${JSON.stringify(args ?? null)}`);
    },
    async signOut(options) {
      calls.push(`signOut ${JSON.stringify(options ?? null)}`);
    },
  };
}
