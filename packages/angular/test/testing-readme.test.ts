// The Angular TestBed example of @oidc-session/testing's README, run as it is written there. An
// Angular CLI project initialises TestBed itself; this package's plain vitest does it here.
import { getTestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, beforeAll, it } from 'vitest';
import readme from '../../testing/README.md?raw';
import { readmeExamples, readmeRegion } from '../../testing/test/readme-examples';
import source from './testing-readme.test.ts?raw';

beforeAll(() => {
  getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});
afterEach(() => getTestBed().resetTestingModule());

// #region readme
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectOidcSession, provideOidcSession } from '@oidc-session/angular';
import { createTestSession, testUser } from '@oidc-session/testing';
import { expect, test } from 'vitest';

@Component({
  selector: 'app-account',
  template: `
    @if (session.status() === 'error') {
      <p role="alert">We could not check your session ({{ session.reason() }}).</p>
    } @else {
      <span>{{ session.user()?.name }}</span>
    }
  `,
})
class Account {
  readonly session = injectOidcSession();
}

test('shows when the OP refused the session check', async () => {
  const session = createTestSession({
    status: 'active',
    user: testUser('alice', { name: 'Alice' }),
  });
  TestBed.configureTestingModule({ providers: [provideOidcSession(session)] });
  const fixture = TestBed.createComponent(Account);
  await fixture.whenStable();
  expect(fixture.nativeElement.textContent).toContain('Alice');

  session.fail('op-error');
  await fixture.whenStable();
  expect(fixture.nativeElement.querySelector('[role="alert"]').textContent).toContain('op-error');
  expect(session.callCount('start')).toBe(1);
});
// #endregion readme

it('is the example in the README of @oidc-session/testing', () => {
  expect(readmeExamples(readme).get('angular')).toBe(readmeRegion(source));
});
