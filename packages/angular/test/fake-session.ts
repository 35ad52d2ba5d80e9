// A scripted OidcSession for the adapter tests. Like the real engine, start() runs a setTimeout
// chain and a window `message` listener (the OP iframe's answers), so a poller created inside the
// Angular zone would show up as change detection and as a never-stable app. Each quiet poll also
// notifies subscribers WITHOUT a new snapshot: harsher than core, which stays silent.
import type {
  OidcSession,
  SessionEventMap,
  SessionEventName,
  SessionSnapshot,
  SessionStats,
} from '@oidc-session/core';
import { IDLE } from '../../core/test/fake-session';

export { user } from '../../core/test/fake-session';

const POLL = 'fake-session:poll';

export class FakeSession implements OidcSession {
  started = 0;
  stopped = 0;
  /** Quiet polls completed (timer fired, "OP" answered, subscribers notified). */
  polls = 0;
  /** Whether `start()` ran inside an Angular zone (`Zone.current.name === 'angular'`). */
  startedInAngularZone: boolean | undefined;
  readonly calls: Array<{ name: string; inAngularZone: boolean }> = [];
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly handlers = new Map<string, Set<(payload: never) => void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(
    initial: Partial<SessionSnapshot> = {},
    private readonly pollInterval = 2,
  ) {
    this.snapshot = Object.freeze({ ...IDLE, ...initial });
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Replace the snapshot with a new object and notify, like the engine on a real change. */
  set(patch: Partial<SessionSnapshot>): void {
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch });
    this.notify();
  }

  /** Notify subscribers without a new snapshot (a stray notification / quiet poll). */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Fire a one-off event. */
  emit<K extends SessionEventName>(name: K, payload: SessionEventMap[K]): void {
    for (const h of [...(this.handlers.get(name) ?? [])])
      (h as (p: SessionEventMap[K]) => void)(payload);
  }

  getSnapshot = (): SessionSnapshot => this.snapshot;
  getServerSnapshot = (): SessionSnapshot => IDLE;
  getStats = (): SessionStats => ({
    posted: this.polls,
    unchanged: this.polls,
    changed: 0,
    error: 0,
    timeouts: 0,
    ignored: 0,
    reauths: 0,
  });
  getLastCheckedAt = (): number | null => null;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  on<K extends SessionEventName>(name: K, handler: (payload: SessionEventMap[K]) => void) {
    const set = this.handlers.get(name) ?? new Set();
    this.handlers.set(name, set);
    set.add(handler as (payload: never) => void);
    return () => void set.delete(handler as (payload: never) => void);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.started++;
    this.startedInAngularZone = inAngularZone();
    window.addEventListener('message', this.onMessage);
    this.schedule();
  }

  stop(): void {
    this.stopped++;
    this.running = false;
    clearTimeout(this.timer);
    window.removeEventListener('message', this.onMessage);
  }

  dispose(): void {
    this.stop();
    this.listeners.clear();
  }

  checkNow(): Promise<SessionSnapshot> {
    this.record('checkNow');
    return Promise.resolve(this.snapshot);
  }

  signIn(): Promise<void> {
    this.record('signIn');
    return Promise.resolve();
  }

  signOut(): Promise<void> {
    this.record('signOut');
    return Promise.resolve();
  }

  private record(name: string): void {
    this.calls.push({ name, inAngularZone: inAngularZone() });
  }

  private schedule(): void {
    this.timer = setTimeout(() => window.postMessage(POLL, '*'), this.pollInterval);
  }

  private onMessage = (event: MessageEvent): void => {
    if (event.data !== POLL || !this.running) return;
    this.polls++;
    this.notify();
    this.schedule();
  };
}

function inAngularZone(): boolean {
  const zone = (globalThis as { Zone?: { current: { name: string } } }).Zone;
  return zone?.current.name === 'angular';
}
