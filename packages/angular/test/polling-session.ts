// A test session that polls like the real engine: start() runs a setTimeout chain and a window
// `message` listener (the OP iframe's answers), so a poller created inside the Angular zone would
// show up as change detection and as a never-stable app. Each quiet poll also notifies the
// subscribers WITHOUT a new snapshot: harsher than core, which stays silent. Everything else is
// @oidc-session/testing's createTestSession.
import type { SessionSnapshot } from '@oidc-session/core';
import { createTestSession, type TestSession } from '@oidc-session/testing';

const POLL = 'polling-session:poll';

export interface PollingSession extends TestSession {
  /** Quiet polls completed (timer fired, "OP" answered, subscribers notified). */
  readonly polls: number;
  /** Whether the last `start()` that started polling ran inside an Angular zone (`Zone.current.name === 'angular'`). */
  readonly startedInAngularZone: boolean | undefined;
  /** `checkNow`, `signIn` and `signOut` calls, with the zone each ran in. */
  readonly actionZones: ReadonlyArray<{ name: string; inAngularZone: boolean }>;
}

export function createPollingSession(
  initial: Partial<SessionSnapshot> = {},
  pollInterval = 2,
): PollingSession {
  let polls = 0;
  let running = false;
  let startedInAngularZone: boolean | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const actionZones: Array<{ name: string; inAngularZone: boolean }> = [];

  const schedule = () => {
    timer = setTimeout(() => window.postMessage(POLL, '*'), pollInterval);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.data !== POLL || !running) return;
    if (session.disposed) return halt();
    polls++;
    session.notify();
    schedule();
  };
  const halt = () => {
    running = false;
    clearTimeout(timer);
    window.removeEventListener('message', onMessage);
  };
  const inZone = (name: string) => actionZones.push({ name, inAngularZone: inAngularZone() });

  const session = createTestSession(initial, {
    actions: {
      start() {
        if (running) return;
        running = true;
        startedInAngularZone = inAngularZone();
        window.addEventListener('message', onMessage);
        schedule();
      },
      stop: halt,
      async checkNow() {
        inZone('checkNow');
        return session.getSnapshot();
      },
      async signIn() {
        inZone('signIn');
      },
      async signOut() {
        inZone('signOut');
      },
    },
  });
  return Object.defineProperties(session, {
    polls: { get: () => polls },
    startedInAngularZone: { get: () => startedInAngularZone },
    actionZones: { value: actionZones },
  }) as PollingSession;
}

function inAngularZone(): boolean {
  const zone = (globalThis as { Zone?: { current: { name: string } } }).Zone;
  return zone?.current.name === 'angular';
}
