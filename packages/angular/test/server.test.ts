// @vitest-environment node
// Server rendering: no DOM, no `window`. The service must give `idle`, never start the session and
// touch no browser global.
import { createEnvironmentInjector, PLATFORM_ID, platformCore } from '@angular/core';
import { afterAll, expect, test } from 'vitest';
import { OidcSessionService, provideOidcSession } from '../src';
import { createTestSession, testUser } from '@oidc-session/testing';

const platform = platformCore();
afterAll(() => platform.destroy());

test('on the server the session is idle and never started', () => {
  expect(typeof window).toBe('undefined');
  const fake = createTestSession({ status: 'active', user: testUser('alice') });
  const injector = createEnvironmentInjector(
    [provideOidcSession(fake), { provide: PLATFORM_ID, useValue: 'server' }],
    platform.injector as never,
  );
  const service = injector.get(OidcSessionService);
  expect(service.status()).toBe('idle');
  expect(service.user()).toBeNull();
  expect(fake.callCount('start')).toBe(0);
  expect(fake.subscriberCount).toBe(0);
  injector.destroy();
  expect(fake.callCount('stop')).toBe(0);
});

test('on the server a session factory is never called: the service runs on an idle stand-in', () => {
  let calls = 0;
  const factory = () => {
    calls++;
    throw new Error('location is not defined'); // what a browser-only UserManager does here
  };
  const injector = createEnvironmentInjector(
    [provideOidcSession(factory), { provide: PLATFORM_ID, useValue: 'server' }],
    platform.injector as never,
  );
  const service = injector.get(OidcSessionService);
  expect(service.status()).toBe('idle');
  expect(calls).toBe(0);
  injector.destroy();
});
