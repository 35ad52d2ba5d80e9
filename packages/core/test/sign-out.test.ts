// RP-initiated logout and its callback, against the scripted fakes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { END_SESSION_URL, FakeLocks, FakePort, FakeTabBus, setup, tick } from './fake-op';
import { OidcSessionError } from '../src/errors';
import { handleSignOutCallback } from '../src/sign-out-callback';
import { signOutPopup } from '../src/sign-out-popup';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

async function signedIn(options = {}, parts: Parameters<typeof setup>[1] = {}) {
  const h = setup(
    { postLogoutRedirectUri: 'https://app.example/logout-callback', ...options },
    parts,
  );
  h.session.start();
  await tick();
  expect(h.session.getSnapshot().status).toBe('active');
  return h;
}

describe('signOut redirect', () => {
  it('stops monitoring, removes the local user, then goes to end_session_endpoint with every parameter', async () => {
    const { session, port, frame, navigate } = await signedIn();
    await session.signOut({
      uiLocales: 'fr',
      logoutHint: 'alice@example.com',
      appState: { returnTo: '/x' },
    });
    expect(port.removeUser).toHaveBeenCalledTimes(1);
    expect(frame.removed).toBe(1);
    expect(session.getSnapshot()).toMatchObject({
      status: 'signed-out',
      reason: 'signed-out',
      user: null,
    });
    expect(navigate).toHaveBeenCalledTimes(1);
    const url = new URL(navigate.mock.calls[0]![0] as string);
    expect(url.origin + url.pathname).toBe(END_SESSION_URL);
    const p = Object.fromEntries(url.searchParams);
    expect(p).toMatchObject({
      id_token_hint: 'id-token-of-alice',
      client_id: 'spa',
      post_logout_redirect_uri: 'https://app.example/logout-callback',
      ui_locales: 'fr',
      logout_hint: 'alice@example.com',
    });
    expect(p.state).toMatch(/^[0-9a-f]{32}$/);
    const posts = frame.posts.length;
    await tick(10000);
    expect(frame.posts).toHaveLength(posts);
  });

  it('generates a new state each time', async () => {
    const { session, navigate } = await signedIn();
    await session.signOut();
    await session.signOut();
    const states = navigate.mock.calls.map(([u]) => new URL(u as string).searchParams.get('state'));
    expect(states[0]).not.toBe(states[1]);
  });

  it('the callback accepts its own state once and returns the app state', async () => {
    const h = await signedIn();
    const { session, navigate } = h;
    await session.signOut({ appState: { returnTo: '/x' } });
    const state = new URL(navigate.mock.calls[0]![0] as string).searchParams.get('state');
    const back = `https://app.example/logout-callback?state=${state}`;
    await expect(handleSignOutCallback(back, h.tabStorage)).resolves.toEqual({
      appState: { returnTo: '/x' },
    });
    // consumed: a replay is refused
    await expect(handleSignOutCallback(back, h.tabStorage)).rejects.toMatchObject({
      code: 'signout-state-mismatch',
    });
  });

  it('the callback rejects a missing state with a clear error', async () => {
    const { tabStorage } = await signedIn();
    const err = await handleSignOutCallback(
      'https://app.example/logout-callback',
      tabStorage,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(OidcSessionError);
    expect(err.code).toBe('signout-state-missing');
    expect(err.message).toMatch(/no `state`/);
  });

  it.each([
    ['a tampered state', (s: string) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0')],
    ['a foreign state', () => 'a'.repeat(32)],
    ['a state with odd characters', () => '../../etc<script>'],
    ['an empty-ish state', () => '%20'],
  ])('the callback rejects %s and changes nothing', async (_, tamper) => {
    const { session, navigate, tabStorage } = await signedIn();
    await session.signOut();
    const state = new URL(navigate.mock.calls[0]![0] as string).searchParams.get('state')!;
    const before = new Map(tabStorage.map);
    const snap = session.getSnapshot();
    await expect(
      handleSignOutCallback(
        `https://app.example/logout-callback?state=${tamper(state)}`,
        tabStorage,
      ),
    ).rejects.toMatchObject({ code: 'signout-state-mismatch' });
    expect(tabStorage.map).toEqual(before);
    expect(session.getSnapshot()).toBe(snap);
    // the genuine state still works afterwards
    await expect(
      handleSignOutCallback(`https://app.example/logout-callback?state=${state}`, tabStorage),
    ).resolves.toBeTruthy();
  });

  it('the callback rejects a state older than an hour', async () => {
    const { session, navigate, tabStorage } = await signedIn();
    await session.signOut();
    const state = new URL(navigate.mock.calls[0]![0] as string).searchParams.get('state');
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    await expect(
      handleSignOutCallback(`https://app.example/logout-callback?state=${state}`, tabStorage),
    ).rejects.toMatchObject({ code: 'signout-state-mismatch' });
  });

  it('the callback reports an error from the OP', async () => {
    const { session, navigate, tabStorage } = await signedIn();
    await session.signOut();
    const state = new URL(navigate.mock.calls[0]![0] as string).searchParams.get('state');
    await expect(
      handleSignOutCallback(
        `https://app.example/logout-callback?state=${state}&error=access_denied`,
        tabStorage,
      ),
    ).rejects.toMatchObject({ code: 'signout-error' });
  });

  it('without end_session_endpoint: signs out locally, then rejects with a clear error', async () => {
    const port = new FakePort();
    port.endSessionEndpoint = undefined;
    const { session, navigate } = setup({}, { port });
    session.start();
    await tick();
    await expect(session.signOut()).rejects.toMatchObject({ code: 'no-end-session-endpoint' });
    expect(port.removeUser).toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(session.getSnapshot().status).toBe('signed-out');
  });
});

describe('signOut local', () => {
  it('removes the user and stops monitoring without leaving the page', async () => {
    const { session, port, navigate, frame } = await signedIn();
    await session.signOut({ mode: 'local' });
    expect(port.removeUser).toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(frame.removed).toBe(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', user: null });
  });
});

describe('signIn', () => {
  it('delegates to the client', async () => {
    const { session, port } = setup();
    await session.signIn({ login_hint: 'a' });
    expect(port.signinRedirect).toHaveBeenCalledWith({ login_hint: 'a' });
  });
});

describe('signOut post', () => {
  it('removes the local user, then POSTs the same parameters to end_session_endpoint', async () => {
    const { session, port, navigate, postForm, tabStorage } = await signedIn();
    await session.signOut({ mode: 'post', appState: 'x' });
    expect(port.removeUser).toHaveBeenCalledTimes(1);
    expect(navigate).not.toHaveBeenCalled();
    expect(postForm).toHaveBeenCalledTimes(1);
    const [url, params] = postForm.mock.calls[0]! as [string, Record<string, string>];
    expect(url).toBe(END_SESSION_URL);
    expect(params).toMatchObject({
      id_token_hint: 'id-token-of-alice',
      client_id: 'spa',
      post_logout_redirect_uri: 'https://app.example/logout-callback',
    });
    await expect(
      handleSignOutCallback(
        `https://app.example/logout-callback?state=${params.state}`,
        tabStorage,
      ),
    ).resolves.toEqual({ appState: 'x' });
  });
});

/** A popup as the session sees it: `closed`, `close()`, `location.replace()`. */
function fakePopup() {
  const popup = {
    closed: false,
    close: vi.fn(() => void (popup.closed = true)),
    location: { replace: vi.fn() },
  };
  return popup;
}

/** A `message` event as the browser would deliver it from `source`. */
function messageFrom(source: unknown, data: unknown, origin = location.origin) {
  const e = new Event('message');
  Object.defineProperties(e, {
    source: { value: source },
    origin: { value: origin },
    data: { value: data },
  });
  window.dispatchEvent(e);
}

describe('signOut popup', () => {
  it('without signOutPopup() it rejects with a config error before opening anything', async () => {
    const openWindow = vi.fn();
    const { session, port } = await signedIn({}, { openWindow });
    await expect(session.signOut({ mode: 'popup' })).rejects.toMatchObject({ code: 'config' });
    expect(openWindow).not.toHaveBeenCalled();
    expect(port.removeUser).not.toHaveBeenCalled();
  });

  it('a blocked popup rejects with signout-popup-blocked and changes nothing', async () => {
    const { session, port, navigate } = await signedIn(
      { signOutPopup: signOutPopup() },
      { openWindow: vi.fn(() => null) },
    );
    const err = await session.signOut({ mode: 'popup' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OidcSessionError);
    expect((err as OidcSessionError).code).toBe('signout-popup-blocked');
    expect(port.removeUser).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(session.getSnapshot().status).toBe('active');
  });

  it('opens the end-session page in the popup and resolves once it returns with our state', async () => {
    const popup = fakePopup();
    const openWindow = vi.fn(() => popup);
    const { session, port, navigate } = await signedIn(
      { signOutPopup: signOutPopup() },
      { openWindow },
    );
    let settled = false;
    const done = session.signOut({ mode: 'popup' }).then(() => (settled = true));
    await tick();
    expect(openWindow).toHaveBeenCalledTimes(1);
    expect(port.removeUser).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot().status).toBe('signed-out');
    expect(navigate).not.toHaveBeenCalled();
    const url = new URL(popup.location.replace.mock.calls[0]![0] as string);
    expect(url.origin + url.pathname).toBe(END_SESSION_URL);
    const state = url.searchParams.get('state');
    // Foreign windows, foreign origins and other shapes are ignored.
    messageFrom(window, {
      type: 'oidc-session:signout-return',
      url: `${location.origin}/?state=${state}`,
    });
    messageFrom(
      popup,
      { type: 'oidc-session:signout-return', url: `${location.origin}/?state=${state}` },
      'https://evil.example',
    );
    messageFrom(popup, { type: 'other', url: `${location.origin}/?state=${state}` });
    messageFrom(popup, {
      type: 'oidc-session:signout-return',
      url: `https://evil.example/?state=${state}`,
    });
    await tick(1000);
    expect(settled).toBe(false);
    messageFrom(popup, {
      type: 'oidc-session:signout-return',
      url: `${location.origin}/logout-callback?state=${state}`,
    });
    await done;
    expect(popup.close).toHaveBeenCalled();
  });

  it('a wrong state from the popup rejects with signout-state-mismatch', async () => {
    const popup = fakePopup();
    const { session } = await signedIn(
      { signOutPopup: signOutPopup() },
      { openWindow: vi.fn(() => popup) },
    );
    const done = session.signOut({ mode: 'popup' }).catch((e: unknown) => e);
    await tick();
    messageFrom(popup, {
      type: 'oidc-session:signout-return',
      url: `${location.origin}/logout-callback?state=${'a'.repeat(32)}`,
    });
    expect(await done).toMatchObject({ code: 'signout-state-mismatch' });
  });

  it('a popup closed by the user before its return rejects within 250 ms', async () => {
    const popup = fakePopup();
    const { session } = await signedIn(
      { signOutPopup: signOutPopup() },
      { openWindow: vi.fn(() => popup) },
    );
    const done = session.signOut({ mode: 'popup' }).catch((e: unknown) => e);
    await tick();
    popup.closed = true;
    await tick(250);
    expect(await done).toMatchObject({ code: 'signout-popup-closed' });
  });

  it('a popup that never returns is closed after popupTimeout', async () => {
    const popup = fakePopup();
    const { session } = await signedIn(
      { signOutPopup: signOutPopup() },
      { openWindow: vi.fn(() => popup) },
    );
    const done = session.signOut({ mode: 'popup', popupTimeout: 5000 }).catch((e: unknown) => e);
    await tick(5250);
    expect(await done).toMatchObject({ code: 'signout-popup-timeout' });
    expect(popup.close).toHaveBeenCalled();
  });
});

describe('sign-out from a follower tab', () => {
  it.each(['redirect', 'post', 'popup'] as const)(
    'a follower can sign out with mode %s; the leader follows',
    async (mode) => {
      const bus = new FakeTabBus();
      const locks = new FakeLocks() as unknown as LockManager;
      const popup = { closed: false, close: vi.fn(), location: { replace: vi.fn() } };
      const tabs = [0, 1].map(() =>
        setup(
          {
            postLogoutRedirectUri: 'https://app.example/logout-callback',
            signOutPopup: signOutPopup(),
          },
          { bus, locks, port: new FakePort(), openWindow: vi.fn(() => popup) },
        ),
      );
      for (const t of tabs) {
        t.session.start();
        await tick();
      }
      const [leader, follower] = tabs;
      expect(leader!.session.getSnapshot().isPolling).toBe(true);
      expect(follower!.session.getSnapshot()).toMatchObject({ status: 'active', isPolling: false });
      void follower!.session.signOut({ mode }).catch(() => undefined);
      await tick();
      const sent =
        mode === 'redirect'
          ? follower!.navigate.mock.calls[0]?.[0]
          : mode === 'post'
            ? follower!.postForm.mock.calls[0]?.[0]
            : popup.location.replace.mock.calls[0]?.[0];
      expect(String(sent)).toContain(END_SESSION_URL);
      expect(leader!.session.getSnapshot()).toMatchObject({
        status: 'signed-out',
        reason: 'signed-out',
      });
      expect(leader!.navigate).not.toHaveBeenCalled();
      popup.closed = true;
      await tick(250);
    },
  );
});
