// Tabs of one app, as engines joined by a fake BroadcastChannel (unit level; the real
// BroadcastChannel between real tabs is covered by the browser e2e suite).
import { UserManager, User } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleFrontchannelLogout } from '../src/frontchannel-logout';
import { parseTabMessage } from '../src/tab-channel';
import { FakePort, FakeTabBus, makeUser, setup, tick } from './fake-op';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

async function tabs(n: number, users = Array.from({ length: n }, () => makeUser())) {
  const bus = new FakeTabBus();
  const all = users.map((u) => setup({}, { bus, port: new FakePort(u) }));
  for (const t of all) t.session.start();
  await tick();
  for (const t of all) expect(t.session.getSnapshot().status).toBe('active');
  return { bus, all };
}

describe('cross-tab sign-out', () => {
  it('a sign-out in one tab signs out every other tab at once, without echo', async () => {
    const { bus, all } = await tabs(3);
    const [a, b, c] = all;
    await a!.session.signOut({ mode: 'local' });
    await tick();
    for (const t of [b!, c!]) {
      expect(t.session.getSnapshot()).toMatchObject({
        status: 'signed-out',
        reason: 'signed-out',
        user: null,
      });
      expect(t.port.removeUser).toHaveBeenCalledTimes(1);
      expect(t.frame.removed).toBe(1);
    }
    expect(bus.sent).toHaveLength(1);
  });

  it('an ended session in one tab ends the others with the same reason and event', async () => {
    const { all } = await tabs(2);
    const [a, b] = all;
    const ended = vi.fn();
    b!.session.on('ended', ended);
    a!.frame.script = 'changed';
    a!.port.silentResults.push({
      kind: 'login-required',
      error: 'login_required',
      sessionState: null,
    });
    await tick(2000);
    expect(a!.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
    expect(b!.session.getSnapshot()).toMatchObject({ status: 'ended', reason: 'op-logout' });
    expect(ended).toHaveBeenCalledWith({
      reason: 'op-logout',
      user: expect.objectContaining({ sub: 'alice' }),
    });
    expect(b!.port.silentCheck).not.toHaveBeenCalled();
  });

  it('a tab holding another user ignores it', async () => {
    const { all } = await tabs(2, [makeUser('alice'), makeUser('bob', 'state-b')]);
    await all[0]!.session.signOut({ mode: 'local' });
    await tick();
    expect(all[1]!.session.getSnapshot()).toMatchObject({ status: 'active' });
    expect(all[1]!.port.removeUser).not.toHaveBeenCalled();
  });

  it('malformed or unknown channel messages are ignored', async () => {
    const { bus, all } = await tabs(1);
    for (const data of [
      null,
      'end',
      { type: 'end' },
      { type: 'end', status: 'ended', reason: 'made-up', sub: 'alice' },
      { type: 'end', status: 'deleted', reason: 'op-logout', sub: 'alice' },
      { type: 'end', status: 'ended', reason: 'op-logout', sub: 42 },
      { type: 'logout', status: 'ended', reason: 'op-logout', sub: 'alice' },
    ]) {
      bus.deliver(data);
    }
    await tick();
    expect(all[0]!.session.getSnapshot().status).toBe('active');
  });

  it('stop closes the channel', async () => {
    const { bus, all } = await tabs(2);
    all[0]!.session.stop();
    expect(bus.size).toBe(1);
  });
});

describe('handleFrontchannelLogout', () => {
  function managerWith(profile: Record<string, unknown> | null) {
    const um = new UserManager({
      authority: 'https://op.example',
      client_id: 'spa',
      redirect_uri: 'https://app.example/callback',
    });
    const user = profile
      ? new User({
          id_token: 'x',
          access_token: 'y',
          token_type: 'Bearer',
          profile: profile as never,
          session_state: 's',
        })
      : null;
    vi.spyOn(um, 'getUser').mockResolvedValue(user);
    const remove = vi.spyOn(um, 'removeUser').mockResolvedValue();
    return { um, remove };
  }
  const url = (q: string) => `https://app.example/frontchannel-logout?${q}`;
  const held = {
    sub: 'alice',
    iss: 'https://op.example',
    sid: 'sid-1',
    aud: 'spa',
    exp: 0,
    iat: 0,
  };

  it('signs out when iss and sid match the held ID Token, and tells the other tabs', async () => {
    const { um, remove } = managerWith(held);
    const heard: unknown[] = [];
    const other = new BroadcastChannel('oidc-session:https://op.example|spa');
    other.onmessage = (e) => heard.push(e.data);
    vi.useRealTimers();
    const result = await handleFrontchannelLogout(
      um,
      url('iss=https%3A%2F%2Fop.example&sid=sid-1'),
    );
    expect(result).toEqual({ signedOut: true, ignored: null });
    expect(remove).toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(heard).toEqual([
        { type: 'end', status: 'ended', reason: 'frontchannel-logout', sub: 'alice' },
      ]),
    );
    other.close();
  });

  it.each([
    ['sid=sid-1', 'missing-iss-or-sid'],
    ['iss=https%3A%2F%2Fop.example', 'missing-iss-or-sid'],
    ['iss=https%3A%2F%2Fop.example%2F&sid=sid-1', 'iss-mismatch'],
    ['iss=https%3A%2F%2Fevil.example&sid=sid-1', 'iss-mismatch'],
    ['iss=https%3A%2F%2Fop.example&sid=sid-2', 'sid-mismatch'],
  ])('ignores %s quietly (%s)', async (query, reason) => {
    const { um, remove } = managerWith(held);
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    await expect(handleFrontchannelLogout(um, url(query))).resolves.toEqual({
      signedOut: false,
      ignored: reason,
    });
    expect(remove).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith(expect.stringContaining(reason));
    info.mockRestore();
  });

  it('ignores iss or sid given twice (never guesses which counts)', async () => {
    const { um, remove } = managerWith(held);
    vi.spyOn(console, 'info').mockImplementation(() => {});
    for (const q of [
      'iss=https%3A%2F%2Fop.example&sid=sid-1&sid=sid-2',
      'iss=https%3A%2F%2Fevil.example&iss=https%3A%2F%2Fop.example&sid=sid-1',
    ]) {
      await expect(handleFrontchannelLogout(um, url(q))).resolves.toEqual({
        signedOut: false,
        ignored: 'ambiguous-params',
      });
    }
    expect(remove).not.toHaveBeenCalled();
  });

  describe('opt-in variants', () => {
    const lemon = { sub: 'alice', iss: 'https://op.example', aud: 'spa', exp: 0, iat: 0 }; // no sid claim
    beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));

    it('requireIss: false accepts sid alone when it matches the held sid (Entra ID)', async () => {
      const { um, remove } = managerWith(held);
      vi.useRealTimers();
      await expect(
        handleFrontchannelLogout(um, { url: url('sid=sid-1'), requireIss: false }),
      ).resolves.toEqual({ signedOut: true, ignored: null });
      expect(remove).toHaveBeenCalled();
    });

    it.each([
      ['sid=sid-2', 'sid-mismatch'],
      ['sid=alice', 'sid-mismatch'], // the sub is not a sid while the ID Token has one
      ['iss=https%3A%2F%2Fevil.example&sid=sid-1', 'iss-mismatch'], // a present iss still counts
      ['iss=', 'missing-iss-or-sid'],
      ['sid=', 'missing-iss-or-sid'],
    ])('requireIss: false still ignores %s (%s)', async (query, reason) => {
      const { um, remove } = managerWith(held);
      await expect(
        handleFrontchannelLogout(um, { url: url(query), requireIss: false }),
      ).resolves.toEqual({ signedOut: false, ignored: reason });
      expect(remove).not.toHaveBeenCalled();
    });

    it('sidIsSub: true accepts sid = sub when the ID Token has no sid claim (LemonLDAP::NG)', async () => {
      const { um, remove } = managerWith(lemon);
      vi.useRealTimers();
      await expect(
        handleFrontchannelLogout(um, {
          url: url('iss=https%3A%2F%2Fop.example&sid=alice'),
          sidIsSub: true,
        }),
      ).resolves.toEqual({ signedOut: true, ignored: null });
      expect(remove).toHaveBeenCalled();
    });

    it.each([
      // a bare sid naming another user never ends this one's session
      [lemon, 'iss=https%3A%2F%2Fop.example&sid=bob', 'sid-mismatch'],
      [lemon, 'iss=https%3A%2F%2Fop.example&sid=ALICE', 'sid-mismatch'],
      [lemon, 'sid=alice', 'missing-iss-or-sid'], // iss is still required
      [lemon, 'iss=https%3A%2F%2Fevil.example&sid=alice', 'iss-mismatch'],
      // an ID Token with a sid claim: the sub never stands in for it
      [held, 'iss=https%3A%2F%2Fop.example&sid=alice', 'sid-mismatch'],
    ])('sidIsSub: true still ignores %#: %s (%s)', async (profile, query, reason) => {
      const { um, remove } = managerWith(profile);
      await expect(
        handleFrontchannelLogout(um, { url: url(query), sidIsSub: true }),
      ).resolves.toEqual({ signedOut: false, ignored: reason });
      expect(remove).not.toHaveBeenCalled();
    });

    it('without the opt-in, a held ID Token without sid never matches', async () => {
      const { um, remove } = managerWith(lemon);
      await expect(
        handleFrontchannelLogout(um, url('iss=https%3A%2F%2Fop.example&sid=alice')),
      ).resolves.toEqual({ signedOut: false, ignored: 'sid-mismatch' });
      expect(remove).not.toHaveBeenCalled();
    });

    it('both opt-ins together: sid = sub without iss', async () => {
      const { um } = managerWith(lemon);
      vi.useRealTimers();
      await expect(
        handleFrontchannelLogout(um, { url: url('sid=alice'), sidIsSub: true, requireIss: false }),
      ).resolves.toEqual({ signedOut: true, ignored: null });
    });
  });

  it('ignores a request when no user is held', async () => {
    const { um } = managerWith(null);
    vi.spyOn(console, 'info').mockImplementation(() => {});
    await expect(
      handleFrontchannelLogout(um, url('iss=https%3A%2F%2Fop.example&sid=sid-1')),
    ).resolves.toMatchObject({
      ignored: 'no-user',
    });
  });
});

describe('tab messages carry every reason a leader or an ending tab can report', () => {
  it.each(['op-iframe-broken', 'reauth-timeout', 'third-party-cookies-blocked', 'op-unreachable'])(
    '%s passes the strict parser',
    (reason) => {
      const state = {
        type: 'state',
        tab: 't1',
        sub: 'alice',
        status: 'error',
        reason,
        sessionState: 's',
        answer: null,
      };
      expect(parseTabMessage(state)).toBe(state);
      const end = { type: 'end', status: 'signed-out', reason, sub: 'alice' };
      expect(parseTabMessage(end)).toBe(end);
      expect(parseTabMessage({ ...state, reason: 'made-up' })).toBeNull();
    },
  );
});
