// A scripted OidcSession for the adapter tests: set the snapshot by hand, count start/stop and
// subscribers. It implements the whole interface so the adapter is tested against the contract.
import type {
  OidcSession,
  SessionSnapshot,
  SessionStats,
  SessionStatus,
  SessionUser,
} from '@oidc-session/core';

export const IDLE: SessionSnapshot = Object.freeze({
  status: 'idle',
  reason: null,
  user: null,
  sessionState: null,
  since: null,
  isPolling: false,
});

export function user(sub: string, name = sub): SessionUser {
  return { sub, sid: `sid-${sub}`, name, email: `${sub}@example.com`, profile: { sub, name } };
}

export interface FakeSession extends OidcSession {
  readonly started: number;
  readonly stopped: number;
  readonly subscribers: number;
  readonly calls: string[];
  /** Replace the snapshot (a new object) and notify subscribers, like the engine does. */
  set(patch: Partial<SessionSnapshot>): void;
}

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
      for (const l of [...listeners]) l();
    },
    getSnapshot: () => snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
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

export const STATUSES: SessionStatus[] = [
  'idle',
  'signed-out',
  'starting',
  'active',
  'reauthenticating',
  'ended',
  'unsupported',
  'error',
];
