// What every SessionEventStore must do, run against the memory store and against real Redis.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogoutEvent, SessionEventStore } from '../../src';

const ISS = 'https://op.example';

export function describeStoreContract(name: string, create: () => Promise<SessionEventStore>) {
  describe(`${name}: SessionEventStore contract`, () => {
    let store: SessionEventStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(() => store.close());

    it('a sid logout ends that session only', async () => {
      const event: LogoutEvent = { iss: ISS, sub: 'alice', sid: 's1', at: 1000 };
      await store.recordLogout(event);
      await expect(store.isEnded({ iss: ISS, sid: 's1' })).resolves.toEqual(event);
      await expect(store.isEnded({ iss: ISS, sub: 'alice', sid: 's1' })).resolves.toEqual(event);
      await expect(store.isEnded({ iss: ISS, sub: 'alice', sid: 's2' })).resolves.toBeNull();
      await expect(store.isEnded({ iss: 'https://other.example', sid: 's1' })).resolves.toBeNull();
      // A holder that knows no sid cannot tell its session apart: a logout of the user counts.
      await expect(store.isEnded({ iss: ISS, sub: 'alice' })).resolves.toEqual(event);
    });

    it('a sub-only logout ends every session of the user authenticated before it', async () => {
      const event: LogoutEvent = { iss: ISS, sub: 'bob', at: 5000 };
      await store.recordLogout(event);
      await expect(store.isEnded({ iss: ISS, sub: 'bob', sid: 'any' })).resolves.toEqual(event);
      await expect(store.isEnded({ iss: ISS, sub: 'bob' })).resolves.toEqual(event);
      await expect(
        store.isEnded({ iss: ISS, sub: 'bob', sid: 'old', authenticatedAt: 4000 }),
      ).resolves.toEqual(event);
      // Signed in again after the logout: a new session, not ended.
      await expect(
        store.isEnded({ iss: ISS, sub: 'bob', sid: 'new', authenticatedAt: 6000 }),
      ).resolves.toBeNull();
      await expect(store.isEnded({ iss: ISS, sub: 'carol' })).resolves.toBeNull();
      // sub is only unique per issuer.
      await expect(store.isEnded({ iss: 'https://other.example', sub: 'bob' })).resolves.toBeNull();
    });

    it('a later sid logout does not hide an earlier logout of every session', async () => {
      const all: LogoutEvent = { iss: ISS, sub: 'dave', at: 1000 };
      await store.recordLogout(all);
      await store.recordLogout({ iss: ISS, sub: 'dave', sid: 's9', at: 2000 });
      await expect(store.isEnded({ iss: ISS, sub: 'dave', sid: 's1' })).resolves.toEqual(all);
    });

    it('subscribers hear every logout until they unsubscribe', async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const heard: LogoutEvent[] = [];
      const unsubscribe = store.subscribe((event) => heard.push(event));
      const throwing = store.subscribe(() => {
        throw new Error('a broken listener');
      });
      const event: LogoutEvent = { iss: ISS, sid: 's3', at: 1 };
      await store.recordLogout(event);
      expect(heard).toEqual([event]);
      expect(errors).toHaveBeenCalledWith(
        '[oidc-session/server] logout listener failed',
        expect.any(Error),
      );
      errors.mockRestore();
      unsubscribe();
      throwing();
      await store.recordLogout({ iss: ISS, sid: 's4', at: 2 });
      expect(heard).toEqual([event]);
    });

    it('a token is recorded once: a retry finds its first logout, a completed one is a replay', async () => {
      const heard: LogoutEvent[] = [];
      store.subscribe((event) => heard.push(event));
      const first: LogoutEvent = { iss: ISS, sub: 'erin', at: 1000 };
      const mark = { jti: `${ISS} j1`, ttlMs: 60_000 };
      await expect(store.recordLogout(first, mark)).resolves.toEqual({ replayOf: null });
      // The OP retries (our answer was lost, or the hook failed): nothing new is recorded, the
      // first logout (its `at`) is what the receiver finishes, and subscribers hear it again.
      await expect(store.recordLogout({ ...first, at: 9000 }, mark)).resolves.toEqual({
        replayOf: first,
        completed: false,
      });
      await expect(store.isEnded({ iss: ISS, sub: 'erin', authenticatedAt: 5000 })).resolves.toBe(
        null,
      );
      expect(heard).toEqual([first, first]);
      await store.completeLogout(mark.jti);
      await expect(store.recordLogout({ ...first, at: 9000 }, mark)).resolves.toEqual({
        replayOf: first,
        completed: true,
      });
      expect(heard).toEqual([first, first]);
      // Another jti is another token.
      await expect(store.recordLogout(first, { jti: `${ISS} j2`, ttlMs: 60_000 })).resolves.toEqual(
        { replayOf: null },
      );
    });
  });
}
