// subscriptionTokenUrl against a stubbed fetch (the real trade with @oidc-session/server runs in
// the demo backend's tests and the back-channel e2e).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscriptionTokenUrl } from '../src/signals';

const options = (idToken?: string) => ({
  userManager: { getUser: async () => (idToken ? { id_token: idToken } : null) },
  tokenUrl: 'https://api.example/session-token',
  eventsUrl: 'https://api.example/session-events',
});

afterEach(() => vi.unstubAllGlobals());

describe('subscriptionTokenUrl', () => {
  it('trades the ID Token and returns the event stream URL with the token', async () => {
    const fetch = vi.fn(async () => Response.json({ token: 'a b&c', token_type: 'subscription' }));
    vi.stubGlobal('fetch', fetch);
    await expect(subscriptionTokenUrl(options('id.token.x'))()).resolves.toBe(
      'https://api.example/session-events?token=a+b%26c',
    );
    expect(fetch).toHaveBeenCalledWith('https://api.example/session-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id_token: 'id.token.x' }),
    });
  });

  it('rejects without an ID Token, and sends nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await expect(subscriptionTokenUrl(options())()).rejects.toThrow(/no ID Token/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['a refusal', () => Response.json({ error: 'invalid_token' }, { status: 401 })],
    ['a body without a token', () => Response.json({ token: 42 })],
  ])('rejects on %s, naming the status', async (_, answer) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer()),
    );
    await expect(subscriptionTokenUrl(options('t'))()).rejects.toThrow(/session-token answered/);
  });
});
