// isSameSite against a stand-in for the browser's public suffix list (the real one is the
// browser's: cookieDomainAccepted is exercised in jsdom and, for real, by the e2e suites).
import { describe, expect, it } from 'vitest';
import { cookieDomainAccepted, isSameSite } from '../src/same-site';

const SUFFIXES = new Set(['com', 'uk', 'co.uk', 'io', 'github.io', 'localhost']);
/** A browser on `app`: no cookie for a public suffix, nor for a domain its host is not within. */
const browserAt = (app: string) => (domain: string) =>
  !SUFFIXES.has(domain) &&
  (new URL(app).hostname === domain || new URL(app).hostname.endsWith('.' + domain));

describe('isSameSite', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:4011', true], // ports do not count
    ['https://app.example.com', 'https://login.example.com', true],
    ['https://example.com', 'https://login.example.com', true],
    ['https://a.b.example.co.uk', 'https://login.example.co.uk', true],
    ['https://APP.Example.com', 'https://login.example.COM', true],
    ['http://localhost:5173', 'http://127.0.0.1:4011', false],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:4011', true],
    ['http://127.0.0.1:5173', 'http://127.0.0.2:4011', false],
    ['http://[::1]:5173', 'http://[::1]:4011', true],
    ['https://app.example.com', 'http://login.example.com', false], // scheme counts
    ['https://app.example.com', 'https://login.other.com', false],
    ['https://app.example.co.uk', 'https://login.other.co.uk', false], // shared public suffix
    ['https://me.github.io', 'https://op.github.io', false],
    ['https://a.localhost', 'https://b.localhost', false],
    ['https://login.example.com', 'https://example.com', true],
  ])('%s and %s: %s', (app, op, expected) => {
    expect(isSameSite(app, op, browserAt(app))).toBe(expected);
  });

  it('asks the browser about the suffixes of the OP host, and stops at the first it accepts', () => {
    const asked: string[] = [];
    const ask = (d: string) => (asked.push(d), browserAt('https://a.x.example.com')(d));
    expect(isSameSite('https://a.x.example.com', 'https://b.x.example.com', ask)).toBe(true);
    expect(asked).toEqual(['b.x.example.com', 'x.example.com']);
  });
});

describe('cookieDomainAccepted', () => {
  it('sets and removes a throwaway cookie on a domain jsdom accepts', () => {
    const host = location.hostname;
    expect(cookieDomainAccepted(document, host)).toBe(true);
    expect(document.cookie).not.toContain('oidc-session-site-');
  });

  it('refuses a domain the page may not set cookies for', () => {
    expect(cookieDomainAccepted(document, 'other.example')).toBe(false);
  });
});
