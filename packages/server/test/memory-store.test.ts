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
    await store.recordLogout({ iss: 'i', sid: 's', at: Date.now() }, { jti: 'j', ttlMs: 500 });
    vi.setSystemTime(Date.now() + 600);
    await expect(
      store.recordLogout({ iss: 'i', sid: 's', at: Date.now() }, { jti: 'j', ttlMs: 500 }),
    ).resolves.toEqual({ replayOf: null });
    await expect(store.isEnded({ iss: 'i', sid: 's' })).resolves.not.toBeNull();
    vi.setSystemTime(Date.now() + 1000);
    await expect(store.isEnded({ iss: 'i', sid: 's' })).resolves.toBeNull();
  });

  it('never holds more than maxEntries: the oldest go first', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) {
      await store.recordLogout({ iss: 'i', sid: `s${i}`, at: i }, { jti: `j${i}`, ttlMs: 60_000 });
    }
    await expect(store.isEnded({ iss: 'i', sid: 's99' })).resolves.not.toBeNull();
    await expect(store.isEnded({ iss: 'i', sid: 's0' })).resolves.toBeNull();
    // j0 was evicted, so it reads as unseen: bounded memory wins over perfect replay memory,
    // and the iat age limit still refuses old tokens.
    const again = (i: number) =>
      store.recordLogout({ iss: 'i', sid: `s${i}`, at: i }, { jti: `j${i}`, ttlMs: 60_000 });
    await expect(again(0)).resolves.toEqual({ replayOf: null });
    await expect(again(99)).resolves.toMatchObject({ replayOf: { sid: 's99' } });
  });

  it('counts subscribers', () => {
    const store = createMemoryStore();
    const off = store.subscribe(() => undefined);
    expect(store.subscriberCount).toBe(1);
    off();
    expect(store.subscriberCount).toBe(0);
  });
});
