// @vitest-environment node
// Server rendering: no DOM, no `window`. The service must give `idle` and touch no browser global
// (the fake session would throw on `window` if it were started).
import { createEnvironmentInjector, PLATFORM_ID, platformCore } from '@angular/core';
import { afterAll, expect, test } from 'vitest';
import { OidcSessionService, provideOidcSession } from '../src';
import { FakeSession, user } from './fake-session';

const platform = platformCore();
afterAll(() => platform.destroy());

test('on the server the session is idle and never started', () => {
  expect(typeof window).toBe('undefined');
  const fake = new FakeSession({ status: 'active', user: user('alice') });
  const injector = createEnvironmentInjector(
    [provideOidcSession(fake), { provide: PLATFORM_ID, useValue: 'server' }],
    platform.injector as never,
  );
  const service = injector.get(OidcSessionService);
  expect(service.status()).toBe('idle');
  expect(service.user()).toBeNull();
  expect(fake.started).toBe(0);
  expect(fake.subscribers).toBe(0);
  injector.destroy();
  expect(fake.stopped).toBe(0);
});
