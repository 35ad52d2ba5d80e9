// Extra signals (back-channel events) against the scripted fakes; EventSource is stubbed here,
// the real one is exercised by the browser e2e suite.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backchannelLogoutEvents, type SessionSignal } from '../src/signals';
import { FakePort, FakeTabBus, makeUser, setup, tick } from './fake-op';

class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  closed = false;
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
