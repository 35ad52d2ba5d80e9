// The server decides which stream gets a logout (matchesLogout); the browser decides whether a
// logout it got is its user's (core's backchannelLogoutEvents). Both must apply one rule, or a
// delivered logout is ignored, and ignored again on every reconnect. Core's signal is imported
// from its source (no package edge between the two), and runs over real HTTP against the real
// SSE handler, with a small EventSource since Node 20 has none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backchannelLogoutEvents } from '../../core/src/signals';
import type { SessionUser } from '../../core/src/types';
import {
  createMemoryStore,
  createSessionEventsHandler,
  matchesLogout,
  toNodeHandler,
  type LogoutEvent,
} from '../src';
import { serve } from './helpers/http';
import { FetchEventSource } from './helpers/event-source';

const ISS = 'https://op.example';

function user(sub: string, sid: string | undefined): SessionUser {
  return { sub, sid, name: undefined, email: undefined, profile: { iss: ISS, sub, sid } };
}

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  vi.unstubAllGlobals();
});

/** Runs core's signal for `holder` against a stream authenticated as that same session. */
async function listen(holder: SessionUser) {
  const store = createMemoryStore();
  const served = await serve(
    toNodeHandler(
      createSessionEventsHandler({
        store,
        issuer: ISS,
        retryMs: 50,
        // What the RP backend knows of this session: exactly what the ID Token said.
        authenticate: () => ({
          sub: holder.sub,
          ...(holder.sid !== undefined && { sid: holder.sid }),
        }),
      }),
    ),
  );
  vi.stubGlobal('EventSource', FetchEventSource);
  const end = vi.fn();
  const stop = backchannelLogoutEvents({ url: served.url })({
    user: holder,
    end,
    error: () => undefined,
  });
  cleanups.push(stop, () => served.close());
  await vi.waitFor(() => expect(FetchEventSource.connected(served.url)).toBeGreaterThan(0));
  return { store, end, url: served.url };
}

describe('server and browser agree on whose logout it is', () => {
  it('an ID Token without sid: a sid+sub logout of that user ends the session in the tab', async () => {
    const holder = user('alice', undefined);
    const { store, end, url } = await listen(holder);

    await store.recordLogout({ iss: ISS, sub: 'alice', sid: 'op-session-7', at: Date.now() });

    // The server delivers it, ends the stream, and delivers it again on each reconnect: by the
    // second reconnect the tab has had it at least twice.
    await vi.waitFor(() => expect(FetchEventSource.connected(url)).toBeGreaterThanOrEqual(3), {
      timeout: 5000,
    });
    expect(end).toHaveBeenCalledWith('backchannel-logout');
  });

  it('a logout the server does not deliver is one the browser would ignore, and the reverse', async () => {
    const events: Omit<LogoutEvent, 'at'>[] = [
      { iss: ISS, sub: 'alice', sid: 's1' },
      { iss: ISS, sub: 'alice', sid: 's2' },
      { iss: ISS, sub: 'alice' },
      { iss: ISS, sid: 's1' },
      { iss: ISS, sub: 'bob', sid: 's1' },
      { iss: ISS, sub: 'bob' },
      { iss: 'https://other.example', sub: 'alice', sid: 's1' },
    ];
    const holders = [user('alice', 's1'), user('alice', undefined), user('bob', undefined)];
    const disagreements: string[] = [];
    for (const holder of holders) {
      for (const event of events) {
        const query = {
          iss: ISS,
          sub: holder.sub,
          ...(holder.sid !== undefined && { sid: holder.sid }),
        };
        const server = matchesLogout({ ...event, at: 0 }, query);
        const browser = browserEnds(holder, event);
        if (server !== browser) {
          disagreements.push(
            `${JSON.stringify(event)} for ${holder.sub}/${holder.sid}: server ${server}, browser ${browser}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});

/** Whether core's signal ends `holder`'s session on this `logout` event (no network here). */
function browserEnds(holder: SessionUser, event: Omit<LogoutEvent, 'at'>): boolean {
  const target = new EventTarget();
  class OneEvent {
    readyState = 1;
    addEventListener = target.addEventListener.bind(target);
    close() {}
  }
  vi.stubGlobal('EventSource', OneEvent);
  const end = vi.fn();
  // With a string URL the signal opens its stream synchronously.
  const stop = backchannelLogoutEvents({ url: 'https://rp.example/events' })({
    user: holder,
    end,
    error: () => undefined,
  });
  target.dispatchEvent(new MessageEvent('logout', { data: JSON.stringify(event) }));
  stop();
  return end.mock.calls.length > 0;
}
