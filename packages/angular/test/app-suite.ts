// The same scenarios for a zoneless and a zone.js app, bootstrapped for real with
// createApplication(): like bootstrapApplication, it creates the app (and so starts the session)
// inside the Angular zone, which is what makes the zone rules observable.
import {
  ApplicationRef,
  destroyPlatform,
  NgZone,
  type EnvironmentProviders,
  type Type,
} from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import type { SessionSnapshot } from '@oidc-session/core';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { OidcSessionService, provideOidcSession } from '../src';
import { testUser } from '@oidc-session/testing';
import { createPollingSession, type PollingSession } from './polling-session';
import { counter, Probe, sleep, waitFor, within } from './probe';

const ACTIVE = {
  status: 'active',
  user: testUser('alice'),
  sessionState: 's1',
  isPolling: true,
} as const;

export function describeApp(mode: 'zoneless' | 'zone.js', changeDetection: EnvironmentProviders) {
  describe(`${mode} app`, () => {
    let appRef: ApplicationRef | undefined;
    let host: HTMLElement;
    let fake: PollingSession;

    async function boot(initial: Partial<SessionSnapshot> = ACTIVE) {
      fake = createPollingSession(initial);
      counter.renders = 0;
      host = document.createElement('oidc-probe');
      document.body.append(host);
      appRef = await createApplication({ providers: [changeDetection, provideOidcSession(fake)] });
      appRef.bootstrap(Probe as Type<unknown>, host);
      await waitFor(() => text() === String(fake.getSnapshot().status), 2000, 'first render');
      return appRef;
    }
    const text = () => host.querySelector('[data-testid="session-status"]')?.textContent;

    afterEach(() => {
      appRef?.destroy();
      appRef = undefined;
      host?.remove();
    });
    afterAll(() => destroyPlatform());

    test('uses the configured change detection', async () => {
      const app = await boot();
      const zone = app.injector.get(NgZone);
      const hasZone = typeof (globalThis as { Zone?: unknown }).Zone !== 'undefined';
      expect(hasZone).toBe(mode === 'zone.js');
      expect(zone.constructor.name === 'NgZone').toBe(mode === 'zone.js');
    });

    test('quiet polls run no change detection; a real change does', async () => {
      await boot();
      expect(fake.startedInAngularZone).toBe(false);
      await within(appRef!.whenStable(), 2000, 'stable');
      await sleep(20);
      const before = counter.renders;
      const polls = fake.polls;
      await waitFor(() => fake.polls >= polls + 50, 3000, '50 quiet polls');
      await sleep(20);
      expect(counter.renders).toBe(before);

      fake.set({ status: 'ended', reason: 'op-logout', user: null });
      await waitFor(() => text() === 'ended', 2000, 'ended rendered');
      expect(counter.renders).toBeGreaterThan(before);
      expect(host.querySelector('u')!.textContent).toBe('');
    });

    test('the app becomes stable while the session is active and polling', async () => {
      const app = await boot();
      const polls = fake.polls;
      await within(app.whenStable(), 1000, 'whenStable');
      await waitFor(() => fake.polls >= polls + 5, 2000, 'polling');
      await within(app.whenStable(), 1000, 'whenStable while polling');
    });

    test('actions run outside the Angular zone', async () => {
      const app = await boot();
      const service = app.injector.get(OidcSessionService);
      await app.injector.get(NgZone).run(async () => {
        await service.checkNow();
        await service.signIn();
        await service.signOut({ mode: 'local' });
      });
      expect(fake.actionZones).toEqual([
        { name: 'checkNow', inAngularZone: false },
        { name: 'signIn', inAngularZone: false },
        { name: 'signOut', inAngularZone: false },
      ]);
    });

    test('destroying the app unsubscribes and stops the session', async () => {
      const app = await boot();
      const service = app.injector.get(OidcSessionService);
      let completed = false;
      service.snapshot$.subscribe({ complete: () => (completed = true) });
      expect(fake.subscriberCount).toBe(1);
      expect(fake.callCount('start')).toBe(1);
      app.destroy();
      appRef = undefined;
      expect(fake.subscriberCount).toBe(0);
      expect(fake.callCount('stop')).toBe(1);
      expect(completed).toBe(true);
      const polls = fake.polls;
      await sleep(30);
      expect(fake.polls).toBe(polls);
    });
  });
}
