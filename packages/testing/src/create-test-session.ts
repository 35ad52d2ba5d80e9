// An OidcSession that a test drives by hand. It keeps the contract the adapters rely on (snapshot
// identity, subscribe/on, idempotent dispose) and nothing of the engine: no iframe, no timers, no
// DOM, so it runs in any test runner and environment.
import type {
  CheckAnswer,
  OidcSession,
  SessionEventMap,
  SessionEventName,
  SessionReason,
  SessionSnapshot,
  SessionStats,
  SessionStatus,
  SessionUser,
  SignOutOptions,
} from '@oidc-session/core';
import { isSessionStatus } from './session-statuses';

/** The `OidcSession` methods a test session records. */
export type TestSessionMethod =
  'start' | 'stop' | 'dispose' | 'checkNow' | 'signIn' | 'signOut' | 'stayActive';

/** One recorded call of an `OidcSession` method, with its arguments as given. */
export interface TestSessionCall {
  readonly method: TestSessionMethod;
  readonly args: readonly unknown[];
}

/** What the actions do instead of their default; each call is recorded before it runs. */
export interface TestSessionActions {
  /** Runs on `start()`. */
  start?(): void;
  /** Runs on `stop()`. */
  stop?(): void;
  /** Runs on `dispose()`. */
  dispose?(): void;
  /** Runs on `checkNow()`; its result is what `checkNow()` resolves with. */
  checkNow?(): Promise<SessionSnapshot>;
  /** Runs on `signIn(args)`. */
  signIn?(args?: Record<string, unknown>): Promise<void>;
  /** Runs on `signOut(options)`. */
  signOut?(options?: SignOutOptions): Promise<void>;
  /** Runs on `stayActive()`. */
  stayActive?(): void;
}

/** Options of {@link createTestSession}. */
export interface TestSessionOptions {
  /** The clock for `since` and `checked` events. Default `Date.now`. */
  now?: () => number;
  /**
   * Replace what an action does. By default `start`, `stop` and `signIn` only record;
   * `checkNow` resolves with the current snapshot; `signOut` does what the real session does
   * locally (status `signed-out`, reason `signed-out`, no user) and resolves; `dispose` drops
   * every subscriber and event handler, once.
   */
  actions?: TestSessionActions;
}

/** Options of {@link TestSession.fail}. */
export interface TestSessionFailOptions {
  /** Passed as the `error` event's `cause`. */
  cause?: unknown;
  /** Then sign the user out, as the real session does with `onError: 'sign-out'`. */
  signOut?: boolean;
}

/**
 * An `OidcSession` for tests: the snapshot and the events are whatever the test sets, and every
 * action call is recorded. Hand it to `<OidcSessionProvider session>`, `app.use(oidcSession,
 * { session })` or `provideOidcSession(session)` in place of `createOidcSession(...)`.
 *
 * The helpers return nothing, so they fit `act(() => session.end())`. A change makes a new frozen
 * snapshot and notifies the subscribers; a patch that changes nothing keeps the same object and
 * notifies nobody, as the real session does. `since` follows the status, from `options.now`.
 */
export interface TestSession extends OidcSession {
  /** Every action call so far, in order. */
  readonly calls: readonly TestSessionCall[];
  /** How many times `method` was called. */
  callCount(method: TestSessionMethod): number;
  /** Subscribers currently registered with `subscribe()`. */
  readonly subscriberCount: number;
  /** Event handlers currently registered with `on()`, for one event or for all. */
  handlerCount(name?: SessionEventName): number;
  /** Whether `dispose()` has been called. */
  readonly disposed: boolean;

  /** Patch the snapshot (any fields). */
  set(patch: Partial<SessionSnapshot>): void;
  /** Set the status and its reason (`null` unless given). */
  setStatus(status: SessionStatus, reason?: SessionReason | null): void;
  /** Set the user (or `null`); the status is left as it is. */
  setUser(user: SessionUser | null): void;
  /** Notify the subscribers without a new snapshot, like a stray notification. */
  notify(): void;
  /** Fire a one-off event to the `on()` handlers, without touching the snapshot. */
  emit<K extends SessionEventName>(name: K, payload: SessionEventMap[K]): void;

  /**
   * Status `active` (reason `null`, this tab polling) for `user`, or for the user already in the
   * snapshot. `patch` overrides any field, e.g. `{ isPolling: false }` for a follower tab.
   */
  activate(user?: SessionUser, patch?: Partial<SessionSnapshot>): void;
  /** The OP session is over: status `ended` with `reason`, no user, then the `ended` event. */
  end(reason?: SessionReason): void;
  /** Monitoring cannot work here: status `unsupported` with `reason`, then the `unsupported` event. */
  markUnsupported(reason?: SessionReason): void;
  /** Status `error` with `reason`, then the `error` event; with `signOut`, then `signed-out`. */
  fail(reason?: SessionReason, options?: TestSessionFailOptions): void;
  /** No user: status `signed-out` with `reason` (default `signed-out`). */
  setSignedOut(reason?: SessionReason | null): void;
  /** A silent re-check confirmed the same user: new `sessionState`, status `active`, `changed` event. */
  renew(sessionState: string): void;
  /** One poll of the OP iframe: counts it in the stats, sets `getLastCheckedAt()`, fires `checked`. */
  check(answer?: CheckAnswer): void;
  /**
   * Option `idle`: show the idle countdown (`secondsLeft` from now, and its `idleWarning` event),
   * or hide it with `null`. `stayActive()` hides it unless its action says otherwise.
   */
  setIdleCountdown(secondsLeft: number | null): void;
}

const IDLE: SessionSnapshot = Object.freeze({
  status: 'idle',
  reason: null,
  user: null,
  sessionState: null,
  since: null,
  isPolling: false,
  idle: null,
  expiry: null,
});

const FIELDS = Object.keys(IDLE) as Array<keyof SessionSnapshot>;

/**
 * Create a {@link TestSession}, starting from `idle` patched with `initial`.
 *
 * @example
 * const session = createTestSession({ status: 'active', user: testUser('alice') });
 * render(<OidcSessionProvider session={session}><App /></OidcSessionProvider>);
 * act(() => session.end('op-logout'));
 * expect(session.callCount('start')).toBe(1);
 */
export function createTestSession(
  initial: Partial<SessionSnapshot> = {},
  options: TestSessionOptions = {},
): TestSession {
  const now = options.now ?? Date.now;
  const actions = options.actions ?? {};
  const listeners = new Set<() => void>();
  const handlers = new Map<SessionEventName, Set<(payload: never) => void>>();
  const calls: TestSessionCall[] = [];
  const stats = {
    posted: 0,
    unchanged: 0,
    changed: 0,
    error: 0,
    timeouts: 0,
    ignored: 0,
    reauths: 0,
  } satisfies SessionStats;
  let lastCheckedAt: number | null = null;
  let disposed = false;

  validate(initial);
  let snapshot: SessionSnapshot = Object.freeze({
    ...IDLE,
    since: initial.status && initial.status !== 'idle' ? now() : null,
    ...initial,
  });

  function set(patch: Partial<SessionSnapshot>): void {
    validate(patch);
    const next = { ...snapshot, ...patch };
    if (next.status !== snapshot.status && !('since' in patch)) {
      next.since = next.status === 'idle' ? null : now();
    }
    if (FIELDS.every((k) => next[k] === snapshot[k])) return;
    snapshot = Object.freeze(next);
    notify();
  }

  function notify(): void {
    callAll([...listeners], (listener) => listener());
  }

  function emit<K extends SessionEventName>(name: K, payload: SessionEventMap[K]): void {
    const bucket = handlers.get(name);
    if (!bucket) return;
    callAll([...bucket], (handler) => (handler as (p: SessionEventMap[K]) => void)(payload));
  }

  function record(method: TestSessionMethod, args: unknown[]): void {
    calls.push(Object.freeze({ method, args: Object.freeze(args) }));
  }

  const session: TestSession = {
    calls,
    callCount: (method) => calls.filter((c) => c.method === method).length,
    get subscriberCount() {
      return listeners.size;
    },
    handlerCount(name) {
      if (name) return handlers.get(name)?.size ?? 0;
      let n = 0;
      for (const bucket of handlers.values()) n += bucket.size;
      return n;
    },
    get disposed() {
      return disposed;
    },

    set,
    setStatus: (status, reason = null) => set({ status, reason }),
    setUser: (user) => set({ user }),
    notify,
    emit,

    activate(user = snapshot.user ?? undefined, patch = {}) {
      if (!user) throw new TypeError('activate(user): no user given and none in the snapshot.');
      set({
        status: 'active',
        reason: null,
        user,
        sessionState: snapshot.sessionState ?? `session-state-${user.sub}`,
        isPolling: true,
        ...patch,
      });
    },
    end(reason = 'op-logout') {
      const user = snapshot.user;
      set({ status: 'ended', reason, user: null, sessionState: null, isPolling: false });
      emit('ended', { reason, user });
    },
    markUnsupported(reason = 'no-check-session-iframe') {
      set({ status: 'unsupported', reason, isPolling: false });
      emit('unsupported', { reason });
    },
    fail(reason = 'op-error', failOptions = {}) {
      set({ status: 'error', reason, isPolling: false });
      emit('error', 'cause' in failOptions ? { reason, cause: failOptions.cause } : { reason });
      if (failOptions.signOut) session.setSignedOut(reason);
    },
    setSignedOut(reason = 'signed-out') {
      set({
        status: 'signed-out',
        reason,
        user: null,
        sessionState: null,
        isPolling: false,
      });
    },
    renew(sessionState) {
      const user = snapshot.user;
      if (!user) throw new TypeError('renew(sessionState): the snapshot has no user.');
      set({ status: 'active', reason: null, sessionState });
      emit('changed', { sessionState, user });
    },
    check(answer = 'unchanged') {
      stats.posted++;
      if (answer === 'timeout') stats.timeouts++;
      else stats[answer]++;
      lastCheckedAt = now();
      emit('checked', { answer, at: lastCheckedAt });
    },

    getSnapshot: () => snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      if (typeof listener !== 'function')
        throw new TypeError('subscribe(listener): not a function.');
      // One entry per call, so subscribing the same function twice counts (and unsubscribes) twice.
      const entry = () => listener();
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    on(name, handler) {
      const bucket = handlers.get(name) ?? new Set();
      handlers.set(name, bucket);
      const entry = (payload: never) => (handler as (p: never) => void)(payload);
      bucket.add(entry);
      return () => void bucket.delete(entry);
    },
    getStats: () => ({ ...stats }),
    getLastCheckedAt: () => lastCheckedAt,

    start() {
      record('start', []);
      actions.start?.();
    },
    stop() {
      record('stop', []);
      actions.stop?.();
    },
    dispose() {
      record('dispose', []);
      if (actions.dispose) return actions.dispose();
      if (disposed) return;
      disposed = true;
      listeners.clear();
      handlers.clear();
    },
    checkNow() {
      record('checkNow', []);
      return actions.checkNow ? actions.checkNow() : Promise.resolve(snapshot);
    },
    signIn(...args: [Record<string, unknown>?]) {
      record('signIn', args);
      return actions.signIn ? actions.signIn(...args) : Promise.resolve();
    },
    setIdleCountdown(secondsLeft) {
      if (secondsLeft === null) return set({ idle: null });
      const idle = { deadline: now() + secondsLeft * 1000, secondsLeft };
      set({ idle });
      emit('idleWarning', idle);
    },
    stayActive() {
      record('stayActive', []);
      if (actions.stayActive) return actions.stayActive();
      set({ idle: null });
    },
    signOut(...args: [SignOutOptions?]) {
      record('signOut', args);
      if (actions.signOut) return actions.signOut(...args);
      session.setSignedOut('signed-out');
      return Promise.resolve();
    },
  };
  return session;
}

// Every listener runs even if one throws; the test then sees the first error, not a log line.
function callAll<T>(targets: T[], call: (target: T) => void): void {
  const errors: unknown[] = [];
  for (const target of targets) {
    try {
      call(target);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} listeners threw`);
}

// Tests written in plain JavaScript get a clear error for a typo instead of a snapshot that no
// adapter can render.
function validate(patch: Partial<SessionSnapshot>): void {
  if (typeof patch !== 'object' || patch === null) {
    throw new TypeError('createTestSession: a snapshot patch must be an object.');
  }
  for (const key of Object.keys(patch)) {
    if (!FIELDS.includes(key as keyof SessionSnapshot)) {
      throw new TypeError(
        `createTestSession: unknown snapshot field "${key}" (known: ${FIELDS.join(', ')}).`,
      );
    }
  }
  if ('status' in patch && !isSessionStatus(patch.status)) {
    throw new TypeError(`createTestSession: unknown status ${JSON.stringify(patch.status)}.`);
  }
  if ('user' in patch && patch.user !== null && typeof patch.user?.sub !== 'string') {
    throw new TypeError(
      'createTestSession: user must be null or have a string `sub` (see testUser).',
    );
  }
  if ('isPolling' in patch && typeof patch.isPolling !== 'boolean') {
    throw new TypeError('createTestSession: isPolling must be a boolean.');
  }
}
