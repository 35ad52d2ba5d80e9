// OidcSessionService under TestBed (zoneless, Angular 21's default): the mapping from snapshots to
// signals and snapshot$, the providers, cleanup, and the server platform.
import { Component, InjectionToken, inject, PLATFORM_ID } from '@angular/core';
import { getTestBed, TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import type { SessionSnapshot, SessionStatus } from '@oidc-session/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { injectOidcSession, OIDC_SESSION, OidcSessionService, provideOidcSession } from '../src';
import { createTestSession, testUser, type TestSession } from '@oidc-session/testing';

beforeAll(() => {
  getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});
afterEach(() => TestBed.resetTestingModule());

function setup(fake: TestSession, extra: unknown[] = []) {
  TestBed.configureTestingModule({
    providers: [provideOidcSession(fake), ...(extra as [])],
  });
  return TestBed.inject(OidcSessionService);
}

const ALICE = testUser('alice', { name: 'Alice' });
const CASES: Array<[SessionStatus, Partial<SessionSnapshot>, boolean, boolean]> = [
  // status, snapshot patch, isActive, isSignedIn
  ['idle', { user: null }, false, false],
  ['signed-out', { reason: 'signed-out', user: null }, false, false],
  ['starting', { user: ALICE }, false, true],
  ['active', { user: ALICE, sessionState: 's1', isPolling: true }, true, true],
  ['reauthenticating', { user: ALICE, reason: 'op-unreachable' }, false, true],
  ['ended', { reason: 'op-logout', user: null }, false, false],
  ['unsupported', { reason: 'third-party-cookies-blocked', user: ALICE }, false, true],
  ['error', { reason: 'op-error', user: ALICE }, false, true],
];

describe('OidcSessionService', () => {
  test.each(CASES)('%s reaches the signals', (status, patch, isActive, isSignedIn) => {
    const fake = createTestSession({ status: 'starting' });
    const service = setup(fake);
    fake.set({ status, reason: null, ...patch });
    expect(service.snapshot()).toBe(fake.getSnapshot());
    expect(service.status()).toBe(status);
    expect(service.user()).toBe(patch.user ?? null);
    expect(service.reason()).toBe(patch.reason ?? null);
    expect(service.isActive()).toBe(isActive);
    expect(service.isSignedIn()).toBe(isSignedIn);
  });

  test('the idle countdown is a signal; stayActive() reaches the session', () => {
    const fake = createTestSession({ status: 'active', user: ALICE });
    const service = setup(fake);
    expect(service.idle()).toBeNull();
    fake.setIdleCountdown(3);
    expect(service.idle()?.secondsLeft).toBe(3);
    service.stayActive();
    expect(fake.callCount('stayActive')).toBe(1);
    expect(service.idle()).toBeNull();
  });

  test('starts and subscribes with the app, before anything injects the service', () => {
    const fake = createTestSession();
    TestBed.configureTestingModule({ providers: [provideOidcSession(fake)] });
    TestBed.inject(OIDC_SESSION);
    expect(fake.callCount('start')).toBe(1);
    expect(fake.subscriberCount).toBe(1);
    expect(TestBed.inject(OidcSessionService)).toBe(TestBed.inject(OidcSessionService));
    expect(fake.callCount('start')).toBe(1);
  });

  test('snapshot$ gives the current snapshot, then each change, and nothing on stray notifications', () => {
    const fake = createTestSession({ status: 'active', user: ALICE });
    const service = setup(fake);
    const seen: SessionSnapshot[] = [];
    service.snapshot$.subscribe((s) => seen.push(s));
    expect(seen).toEqual([fake.getSnapshot()]);
    const before = service.snapshot();
    for (let i = 0; i < 20; i++) fake.notify();
    expect(seen).toHaveLength(1);
    expect(service.snapshot()).toBe(before);
    fake.set({ status: 'ended', reason: 'op-logout', user: null });
    expect(seen.map((s) => s.status)).toEqual(['active', 'ended']);
    expect(seen[1]).toBe(fake.getSnapshot());
  });

  test('status and user keep their value across snapshots that change something else', () => {
    const fake = createTestSession({ status: 'active', user: ALICE, isPolling: true });
    const service = setup(fake);
    const status = service.status();
    const u = service.user();
    fake.set({ isPolling: false });
    expect(service.snapshot()).toBe(fake.getSnapshot());
    expect(service.status()).toBe(status);
    expect(service.user()).toBe(u);
  });

  test('destroying the injector unsubscribes, stops the session and completes snapshot$', () => {
    const fake = createTestSession({ status: 'active' });
    const service = setup(fake);
    let completed = false;
    service.snapshot$.subscribe({ complete: () => (completed = true) });
    TestBed.resetTestingModule();
    expect(fake.subscriberCount).toBe(0);
    expect(fake.callCount('stop')).toBe(1);
    expect(completed).toBe(true);
    fake.set({ status: 'ended' });
    expect(service.status()).toBe('active');
  });

  test('the factory form runs in an injection context', () => {
    const CHECK_INTERVAL = new InjectionToken<number>('CHECK_INTERVAL');
    const fake = createTestSession({ status: 'active' });
    let interval: number | undefined;
    TestBed.configureTestingModule({
      providers: [
        { provide: CHECK_INTERVAL, useValue: 1000 },
        provideOidcSession(() => {
          interval = inject(CHECK_INTERVAL);
          return fake;
        }),
      ],
    });
    expect(TestBed.inject(OidcSessionService).session).toBe(fake);
    expect(interval).toBe(1000);
  });

  test('on the server platform: idle, never started, not subscribed', () => {
    const fake = createTestSession({ status: 'active', user: ALICE });
    const service = setup(fake, [{ provide: PLATFORM_ID, useValue: 'server' }]);
    expect(service.status()).toBe('idle');
    expect(service.snapshot()).toBe(fake.getServerSnapshot());
    expect(fake.callCount('start')).toBe(0);
    expect(fake.subscriberCount).toBe(0);
    TestBed.resetTestingModule();
    expect(fake.callCount('stop')).toBe(0);
  });

  test('actions and events go to the core session', async () => {
    const fake = createTestSession({ status: 'active', user: ALICE });
    const service = setup(fake);
    await expect(service.checkNow()).resolves.toBe(fake.getSnapshot());
    await service.signIn();
    await service.signOut();
    expect(fake.calls.map((c) => c.method)).toEqual(['start', 'checkNow', 'signIn', 'signOut']);
    const reasons: unknown[] = [];
    const off = service.on('ended', ({ reason }) => reasons.push(reason));
    fake.emit('ended', { reason: 'op-logout', user: ALICE });
    off();
    fake.emit('ended', { reason: 'user-switched', user: ALICE });
    expect(reasons).toEqual(['op-logout']);
  });

  test('injectOidcSession() returns the service, or says what is missing', () => {
    const fake = createTestSession();
    const service = setup(fake);
    expect(TestBed.runInInjectionContext(() => injectOidcSession())).toBe(service);
    TestBed.resetTestingModule();
    expect(() => TestBed.runInInjectionContext(() => injectOidcSession())).toThrow(
      /provideOidcSession\(session\)/,
    );
  });

  test('a component template follows the session (TestBed, zoneless)', async () => {
    const Status = Component({
      selector: 'oidc-status',
      template: '<span>{{ session.status() }}</span>',
    })(
      class {
        readonly session = injectOidcSession();
      },
    );
    const fake = createTestSession({ status: 'starting', user: ALICE });
    TestBed.configureTestingModule({ providers: [provideOidcSession(fake)] });
    const fixture = TestBed.createComponent(Status);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('starting');
    fake.set({ status: 'active' });
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('active');
  });
});
