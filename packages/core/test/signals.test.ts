// Extra signals (back-channel events) against the scripted fakes; EventSource is stubbed here,
// the real one is exercised by the browser e2e suite.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backchannelLogoutEvents, type SessionSignal } from '../src/signals';
import type { SessionUser } from '../src/types';
import { FakePort, FakeTabBus, makeUser, OP, setup, tick } from './fake-op';

class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  closed = false;
  readyState = 0; // CONNECTING
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    super();
    FakeEventSource.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  emit(data: string, type = 'logout') {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
  /** The connection is up. */
  opened() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  /** A network error the browser retries (CONNECTING), or an HTTP error it gives up on (CLOSED). */
  fail(givesUp: boolean) {
    this.readyState = givesUp ? 2 : 0;
    this.dispatchEvent(new Event('error'));
  }
}

/** A promise to resolve or reject by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('signals', () => {
  it('run while a user is held, even when the iframe is unsupported, and end the session', async () => {
    let end!: (r: 'backchannel-logout') => void;
    const stopped = vi.fn();
    const signal: SessionSignal = (ctx) => {
      end = ctx.end;
      return stopped;
    };
    const port = new FakePort();
    port.checkSessionIframe = undefined;
    const { session } = setup({ signals: [signal] }, { port });
    session.start();
    await tick();
    expect(session.getSnapshot().status).toBe('unsupported');
    end('backchannel-logout');
    await tick();
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'backchannel-logout' });
    expect(port.removeUser).toHaveBeenCalled();
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('are not started without a user, and are stopped by stop()', async () => {
    const signal = vi.fn(() => vi.fn());
    const none = setup({ signals: [signal] }, { port: new FakePort(null) });
    none.session.start();
    await tick();
    expect(signal).not.toHaveBeenCalled();
    const some = setup({ signals: [signal] });
    some.session.start();
    await tick();
    expect(signal).toHaveBeenCalledTimes(1);
    const cleanup = signal.mock.results[0]!.value;
    some.session.stop();
    expect(cleanup).toHaveBeenCalled();
  });
});

describe('backchannelLogoutEvents', () => {
  async function watched(user = makeUser()) {
    const bus = new FakeTabBus();
    const signals = [
      backchannelLogoutEvents({ url: (u) => `https://rp.example/events?sub=${u.sub}` }),
    ];
    const tab = setup({ signals }, { port: new FakePort(user), bus });
    const other = setup({ signals: [] }, { port: new FakePort(user), bus });
    tab.session.start();
    other.session.start();
    await tick();
    const source = FakeEventSource.instances.at(-1)!;
    return { tab, other, source };
  }

  it('connects to the URL built for the user', async () => {
    const { source } = await watched();
    expect(source.url).toBe('https://rp.example/events?sub=alice');
  });

  it('a logout event for our sid ends the session here and in the other tabs', async () => {
    const { tab, other, source } = await watched();
    source.emit(
      JSON.stringify({
        iss: 'https://op.example',
        sub: 'alice',
        sid: 'sid-1',
        reason: 'backchannel-logout',
      }),
    );
    await tick();
    expect(tab.session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'backchannel-logout',
    });
    expect(other.session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'backchannel-logout',
    });
    expect(source.closed).toBe(true);
  });

  it('a logout event with only our sub ends the session', async () => {
    const { tab, source } = await watched();
    source.emit(JSON.stringify({ sub: 'alice' }));
    await tick();
    expect(tab.session.getSnapshot().status).toBe('ended');
  });

  it("a user whose ID Token has no sid: any logout of that user's sub ends the session (as the server decides)", async () => {
    const noSid = { ...makeUser(), profile: { sub: 'alice', name: 'Alice', iss: OP } };
    const ignored = await watched(noSid);
    ignored.source.emit(JSON.stringify({ iss: OP, sub: 'bob', sid: 'sid-9' }));
    await tick();
    expect(ignored.tab.session.getSnapshot().status).toBe('active');
    const { tab, source } = await watched(noSid);
    source.emit(JSON.stringify({ iss: OP, sub: 'alice', sid: 'sid-9' }));
    await tick();
    expect(tab.session.getSnapshot()).toMatchObject({
      status: 'ended',
      reason: 'backchannel-logout',
    });
  });

  it.each([
    ['another sid', JSON.stringify({ sub: 'alice', sid: 'sid-2' })],
    ['another sub', JSON.stringify({ sub: 'bob' })],
    ['another issuer', JSON.stringify({ iss: 'https://evil.example', sid: 'sid-1' })],
    ['not JSON', '{oops'],
    ['JSON null', 'null'],
    ['no sub or sid', JSON.stringify({ reason: 'backchannel-logout' })],
  ])('ignores %s', async (_, data) => {
    const { tab, source } = await watched();
    source.emit(data);
    source.emit(JSON.stringify({ sid: 'sid-1' }), 'message'); // wrong event type
    await tick();
    expect(tab.session.getSnapshot().status).toBe('active');
  });
});

describe('backchannelLogoutEvents with an async url', () => {
  const logout = JSON.stringify({ sub: 'alice', sid: 'sid-1' });

  function watch(url: (user: SessionUser) => string | Promise<string>, retryDelay?: number) {
    const harness = setup({
      signals: [backchannelLogoutEvents({ url, ...(retryDelay && { retryDelay }) })],
    });
    const errors: Array<{ reason: string; cause?: unknown }> = [];
    harness.session.on('error', (e) => errors.push(e));
    harness.session.start();
    return { ...harness, errors };
  }

  it('connects once the URL resolves, and ends the session on a logout event', async () => {
    const pending = deferred<string>();
    const url = vi.fn(() => pending.promise);
    const { session } = watch(url);
    await tick();
    expect(url).toHaveBeenCalledWith(expect.objectContaining({ sub: 'alice', sid: 'sid-1' }));
    expect(FakeEventSource.instances).toHaveLength(0);
    pending.resolve('https://rp.example/events?token=t1');
    await tick();
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual([
      'https://rp.example/events?token=t1',
    ]);
    FakeEventSource.instances[0]!.emit(logout);
    await tick();
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'backchannel-logout' });
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
  });

  it('opens nothing when the session stops before the URL resolves', async () => {
    const pending = deferred<string>();
    const { session, errors } = watch(() => pending.promise);
    await tick();
    session.stop();
    pending.resolve('https://rp.example/events?token=late');
    await tick(120000);
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('reports nothing when the URL fails after the session stopped', async () => {
    const pending = deferred<string>();
    const url = vi.fn(() => pending.promise);
    const { session, errors } = watch(url);
    await tick();
    session.dispose();
    pending.reject(new Error('backend down'));
    await tick(120000);
    expect(errors).toEqual([]);
    expect(url).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('opens nothing for a user who is gone before the URL resolves', async () => {
    const calls: Array<{ sub: string; url: ReturnType<typeof deferred<string>> }> = [];
    const { session, port } = watch((user) => {
      const url = deferred<string>();
      calls.push({ sub: user.sub, url });
      return url.promise;
    });
    await tick();
    port.load(makeUser('bob', 'state-2')); // another user: the signals restart for bob
    await tick();
    expect(calls.map((c) => c.sub)).toEqual(['alice', 'bob']);
    calls[0]!.url.resolve('https://rp.example/events?for=alice');
    calls[1]!.url.resolve('https://rp.example/events?for=bob');
    await tick();
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual([
      'https://rp.example/events?for=bob',
    ]);
    expect(session.getSnapshot().user?.sub).toBe('bob');
  });

  it('reports a failing URL function as an error event, keeps the session, and retries with backoff', async () => {
    const url = vi
      .fn<(user: SessionUser) => Promise<string>>()
      .mockRejectedValueOnce(new Error('backend down'))
      .mockImplementationOnce(() => {
        throw new Error('thrown synchronously');
      })
      .mockResolvedValue('https://rp.example/events?token=t2');
    const { session, errors } = watch(url, 1000);
    await tick();
    expect(errors).toEqual([{ reason: 'signal-failed', cause: new Error('backend down') }]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', user: { sub: 'alice' } });
    await tick(999);
    expect(url).toHaveBeenCalledTimes(1);
    await tick(1);
    expect(url).toHaveBeenCalledTimes(2);
    expect(errors.map((e) => (e.cause as Error).message)).toEqual([
      'backend down',
      'thrown synchronously',
    ]);
    await tick(1999); // doubled
    expect(url).toHaveBeenCalledTimes(2);
    await tick(1);
    expect(url).toHaveBeenCalledTimes(3);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual([
      'https://rp.example/events?token=t2',
    ]);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('builds the URL again when the browser gives up on the stream (e.g. an expired token)', async () => {
    let n = 0;
    const url = vi.fn(async () => `https://rp.example/events?token=t${++n}`);
    const { session, errors } = watch(url, 500);
    await tick();
    const first = FakeEventSource.instances[0]!;
    first.opened();
    first.fail(false); // network error: EventSource reconnects by itself
    await tick(60000);
    expect(errors).toEqual([]);
    expect(FakeEventSource.instances).toHaveLength(1);
    first.fail(true); // HTTP 401: the browser gave up
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toBe('signal-failed');
    expect(String(errors[0]!.cause)).not.toContain('token='); // no secret in the report
    await tick(500);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual([
      'https://rp.example/events?token=t1',
      'https://rp.example/events?token=t2',
    ]);
    const second = FakeEventSource.instances[1]!;
    second.opened(); // resets the backoff
    second.fail(true);
    await tick(500);
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.instances[2]!.emit(logout);
    await tick();
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'backchannel-logout' });
  });

  it('does not re-open after the session stopped during the backoff', async () => {
    const url = vi.fn(async () => 'https://rp.example/events');
    const { session, errors } = watch(url, 1000);
    await tick();
    FakeEventSource.instances[0]!.fail(true);
    expect(errors).toHaveLength(1);
    session.stop();
    await tick(120000);
    expect(url).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances).toHaveLength(1);
    FakeEventSource.instances[0]!.fail(true); // a late event from the closed source
    expect(errors).toHaveLength(1);
  });

  it('caps the backoff at 60 s', async () => {
    const url = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    watch(url, 1000);
    await tick(1000 + 2000 + 4000 + 8000 + 16000 + 32000); // 7 calls so far
    expect(url).toHaveBeenCalledTimes(7);
    await tick(59999);
    expect(url).toHaveBeenCalledTimes(7);
    await tick(1);
    expect(url).toHaveBeenCalledTimes(8);
  });
});
