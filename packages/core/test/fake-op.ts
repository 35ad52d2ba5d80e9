// Scripted fakes for unit tests of the state machine (NOT the real OP: the e2e suite uses that).
// FakeOpFrame answers checks the way a check_session_iframe would, from a real jsdom iframe window
// so `event.source` checks run against a genuine Window. FakePort scripts oidc-client-ts.
import { vi } from 'vitest';
import type { PortUser, SessionClientPort, SilentCheckResult } from '../src/client-port';
import type { OpFrame } from '../src/op-frame';
import { systemClock, type Clock } from '../src/runtime/clock';
import type { EngineDeps } from '../src/runtime/deps';
import { createSessionEngine } from '../src/runtime/session';
import { resolveSettings, type OidcSessionOptions } from '../src/create-oidc-session';
import type { KeyValueStorage } from '../src/types';
import type { TabChannel } from '../src/tab-channel';
import { parseTabMessage, type TabMessage } from '../src/tab-messages';

/** An in-memory stand-in for BroadcastChannel between engines of one test ("tabs"). */
export class FakeTabBus {
  private readonly members = new Set<(data: unknown) => void>();
  readonly sent: unknown[] = [];
  /** Delivery delay in ms (0: next microtask), to let other async work overtake messages. */
  latency = 0;
  open = (_win: unknown, _name: string, onMessage: (m: TabMessage) => void): TabChannel => {
    const receive = (data: unknown) => {
      const m = parseTabMessage(data);
      if (m) onMessage(m);
    };
    this.members.add(receive);
    return {
      post: (m) => this.deliver(m, receive),
      close: () => void this.members.delete(receive),
    };
  };
  /** Deliver `data` to every member but `from`, as a BroadcastChannel would (asynchronously). */
  deliver(data: unknown, from?: (data: unknown) => void): void {
    this.sent.push(data);
    for (const m of [...this.members]) {
      if (m === from) continue;
      if (this.latency) setTimeout(() => m(data), this.latency);
      else queueMicrotask(() => m(data));
    }
  }
  get size(): number {
    return this.members.size;
  }
}

export const OP = 'https://op.example';
export const CHECK_SESSION_URL = `${OP}/session/check`;
export const END_SESSION_URL = `${OP}/session/end`;

export type Script = 'unchanged' | 'changed' | 'error' | 'silent';

export function makeUser(sub = 'alice', sessionState: string | null = 'state-1'): PortUser {
  return {
    sub,
    sessionState,
    idToken: `id-token-of-${sub}`,
    profile: { sub, sid: 'sid-1', name: 'Alice', iss: OP },
  };
}

/** A window that is not the OP iframe's: another real iframe. */
export function otherWindow(): Window {
  const el = document.createElement('iframe');
  document.body.appendChild(el);
  return el.contentWindow!;
}

export class FakeOpFrame {
  readonly el = document.createElement('iframe');
  readonly posts: Array<{ message: string; targetOrigin: string }> = [];
  readonly urls: string[] = [];
  removed = 0;
  /** What the next checks answer; a function decides per message. */
  script: Script | ((message: string) => Script) = 'unchanged';
  loads = true;
  private loadResolvers: Array<() => void> = [];

  constructor() {
    document.body.appendChild(this.el);
  }

  get window(): Window {
    return this.el.contentWindow!;
  }

  factory = (url: string): OpFrame => {
    this.urls.push(url);
    const loaded = new Promise<void>((resolve) => {
      if (this.loads) queueMicrotask(resolve);
      else this.loadResolvers.push(resolve);
    });
    return {
      window: this.window,
      loaded,
      post: (message, targetOrigin) => {
        this.posts.push({ message, targetOrigin });
        const answer = typeof this.script === 'function' ? this.script(message) : this.script;
        if (answer !== 'silent') queueMicrotask(() => this.reply(answer));
      },
      remove: () => {
        this.removed++;
      },
    };
  };

  /** Dispatch a `message` event as if it came from the OP iframe (or, with overrides, elsewhere). */
  reply(data: unknown, init: { origin?: string; source?: Window | null } = {}): void {
    window.dispatchEvent(
      new MessageEvent('message', {
        data,
        origin: init.origin ?? OP,
        source: init.source === undefined ? this.window : init.source,
      }),
    );
  }

  finishLoading(): void {
    for (const r of this.loadResolvers.splice(0)) r();
  }
}

export class FakePort implements SessionClientPort {
  readonly clientId = 'spa';
  readonly authority = OP;
  user: PortUser | null;
  checkSessionIframe: string | undefined = CHECK_SESSION_URL;
  endSessionEndpoint: string | undefined = END_SESSION_URL;
  /** Outcomes of the next silent checks, in order; an Error rejects (transient). */
  silentResults: Array<SilentCheckResult | Error> = [];
  private loaded?: (u: PortUser) => void;
  private unloaded?: () => void;
  private renewRefused?: () => void;

  constructor(user: PortUser | null = makeUser()) {
    this.user = user;
  }

  getUser = vi.fn(async () => this.user);
  getCheckSessionIframe = vi.fn(async () => this.checkSessionIframe);
  getEndSessionEndpoint = vi.fn(async () => this.endSessionEndpoint);
  silentCheck = vi.fn(async (): Promise<SilentCheckResult> => {
    const next = this.silentResults.shift();
    if (!next) throw new Error('FakePort: no silent result scripted');
    if (next instanceof Error) throw next;
    return next;
  });
  storeSessionState = vi.fn(async (sessionState: string) => {
    if (this.user) this.user = { ...this.user, sessionState };
  });
  removeUser = vi.fn(async () => {
    this.user = null;
    this.unloaded?.(); // oidc-client-ts raises userUnloaded from removeUser
  });
  signinRedirect = vi.fn(async () => {});
  signinCallback = vi.fn(async () => {
    this.loaded?.(this.user!);
    return this.user;
  });
  watchUser(onLoaded: (u: PortUser) => void, onUnloaded: () => void, onRenewRefused: () => void) {
    this.loaded = onLoaded;
    this.unloaded = onUnloaded;
    this.renewRefused = onRenewRefused;
    return () => {
      this.loaded = undefined;
      this.unloaded = undefined;
      this.renewRefused = undefined;
    };
  }
  /** Simulate oidc-client-ts's silentRenewError with an answer that means the session is over. */
  refuseRenew(): void {
    this.renewRefused?.();
  }
  /** Simulate oidc-client-ts loading a user (sign-in in this tab, silent renew). */
  load(user: PortUser): void {
    this.user = user;
    this.loaded?.(user);
  }
}

export function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

export interface Harness {
  port: FakePort;
  frame: FakeOpFrame;
  tabStorage: ReturnType<typeof memoryStorage>;
  browserStorage: ReturnType<typeof memoryStorage>;
  navigate: ReturnType<typeof vi.fn>;
  postForm: ReturnType<typeof vi.fn>;
  openWindow: ReturnType<typeof vi.fn>;
  bus: FakeTabBus;
  locks?: LockManager;
  probe?: (url: string) => Promise<boolean>;
  sameSite?: (opOrigin: string) => boolean;
  clock?: Clock;
}

export function setup(
  options: Omit<OidcSessionOptions, 'userManager' | 'navigate'> = {},
  parts: Partial<Harness> = {},
) {
  const h: Harness = {
    port: parts.port ?? new FakePort(),
    frame: parts.frame ?? new FakeOpFrame(),
    tabStorage: parts.tabStorage ?? memoryStorage(),
    browserStorage: parts.browserStorage ?? memoryStorage(),
    navigate: parts.navigate ?? vi.fn(),
    postForm: parts.postForm ?? vi.fn(),
    openWindow: parts.openWindow ?? vi.fn(() => null),
    bus: parts.bus ?? new FakeTabBus(),
  };
  const deps: EngineDeps = {
    port: h.port,
    createFrame: h.frame.factory,
    tabStorage: h.tabStorage,
    browserStorage: h.browserStorage,
    navigate: h.navigate as unknown as (url: string) => void,
    postForm: h.postForm as unknown as EngineDeps['postForm'],
    openWindow: h.openWindow as unknown as EngineDeps['openWindow'],
    openChannel: h.bus.open,
    window,
    locks: parts.locks,
    probe: parts.probe ?? (async () => true),
    sameSite: parts.sameSite ?? (() => false),
    clock: parts.clock ?? systemClock,
  };
  const session = createSessionEngine(resolveSettings(options), deps);
  return { ...h, session };
}

/** Let pending promises and timers up to `ms` run. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * An in-memory Web Locks `LockManager` shared by the engines of one test ("tabs of one browser"):
 * exclusive locks granted in request order, `ifAvailable`, `signal` aborts a waiting request, the
 * lock is released when the callback's promise settles.
 */
export class FakeLocks {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, Array<() => void>>();

  request = ((
    name: string,
    options: LockOptions,
    callback: (lock: Lock | null) => unknown,
  ): Promise<unknown> => {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' } as Lock))
          .then(resolve, reject)
          .finally(() => this.release(name));
      };
      if (!this.held.has(name)) return grant();
      if (options.ifAvailable) {
        return void Promise.resolve()
          .then(() => callback(null))
          .then(resolve, reject);
      }
      const queue = this.queues.get(name) ?? [];
      queue.push(grant);
      this.queues.set(name, queue);
      options.signal?.addEventListener('abort', () => {
        const i = queue.indexOf(grant);
        if (i < 0) return;
        queue.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }) as LockManager['request'];

  query = (async () => ({ held: [], pending: [] })) as LockManager['query'];

  private release(name: string): void {
    this.held.delete(name);
    this.queues.get(name)?.shift()?.();
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }
}
