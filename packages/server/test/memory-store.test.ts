import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../src';
import { describeStoreContract } from './helpers/store-contract';

describeStoreContract('memory store', async () => createMemoryStore());

describe('memory store bounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets ended sessions and jtis after their TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = createMemoryStore({ endedTtlMs: 1000 });
    await store.recordLogout({ iss: 'i', sid: 's', at: Date.now() });
    await store.seenJti('j', 500);
    vi.setSystemTime(Date.now() + 600);
    await expect(store.seenJti('j', 500)).resolves.toBe(false);
    await expect(store.isEnded({ iss: 'i', sid: 's' })).resolves.not.toBeNull();
    vi.setSystemTime(Date.now() + 1000);
    await expect(store.isEnded({ iss: 'i', sid: 's' })).resolves.toBeNull();
  });

  it('never holds more than maxEntries: the oldest go first', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) {
      await store.recordLogout({ iss: 'i', sid: `s${i}`, at: i });
      await store.seenJti(`j${i}`, 60_000);
    }
    await expect(store.isEnded({ iss: 'i', sid: 's99' })).resolves.not.toBeNull();
    await expect(store.isEnded({ iss: 'i', sid: 's0' })).resolves.toBeNull();
    // j0 was evicted, so it reads as unseen: bounded memory wins over perfect replay memory,
    // and the iat age limit still refuses old tokens.
    await expect(store.seenJti('j0', 60_000)).resolves.toBe(false);
    await expect(store.seenJti('j99', 60_000)).resolves.toBe(true);
  });

  it('counts subscribers', () => {
    const store = createMemoryStore();
    const off = store.subscribe(() => undefined);
    expect(store.subscriberCount).toBe(1);
    off();
    expect(store.subscriberCount).toBe(0);
  });
});
