// @vitest-environment node
// Importing the package and creating a session on the server touches no browser global.
import { describe, expect, it, vi } from 'vitest';

describe('on the server', () => {
  it('imports, creates, starts and checks without a window', async () => {
    expect(typeof window).toBe('undefined');
    const { createOidcSession } = await import('../src');
    const userManager = {
      settings: {
        client_id: 'spa',
        authority: 'https://op.example',
        silent_redirect_uri: '/s',
        monitorSession: false,
      },
      getUser: vi.fn(),
      metadataService: { getCheckSessionIframe: vi.fn(), getEndSessionEndpoint: vi.fn() },
      events: {
        addUserLoaded: vi.fn(),
        addUserUnloaded: vi.fn(),
        removeUserLoaded: vi.fn(),
        removeUserUnloaded: vi.fn(),
        addSilentRenewError: vi.fn(),
        removeSilentRenewError: vi.fn(),
      },
    };
    // @ts-expect-error a structural stand-in for UserManager
    const session = createOidcSession({ userManager });
    session.start();
    await expect(session.checkNow()).resolves.toMatchObject({ status: 'idle' });
    expect(session.getSnapshot().status).toBe('idle');
    expect(userManager.getUser).not.toHaveBeenCalled();
    session.dispose();
  });
});

describe('the server session', () => {
  it('is idle, inert, and refuses to sign in or out', async () => {
    const { createServerSession, OidcSessionError } = await import('../src');
    const session = createServerSession();
    const listener = vi.fn();
    session.subscribe(listener)();
    session.start();
    expect(session.getSnapshot()).toBe(session.getServerSnapshot());
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', user: null, isPolling: false });
    await expect(session.checkNow()).resolves.toMatchObject({ status: 'idle' });
    await expect(session.signIn()).rejects.toBeInstanceOf(OidcSessionError);
    await expect(session.signOut()).rejects.toThrow(/browser only/);
    expect(session.getStats().posted).toBe(0);
    expect(listener).not.toHaveBeenCalled();
  });

  it('resolveSession calls a factory in the browser only', async () => {
    const { createServerSession, resolveSession } = await import('../src');
    const real = createServerSession();
    const factory = vi.fn(() => real);
    expect(resolveSession(factory)).not.toBe(real); // no window here: the server session
    expect(factory).not.toHaveBeenCalled();
    expect(resolveSession(factory, true)).toBe(real);
    expect(resolveSession(real)).toBe(real); // a session is used as given, anywhere
  });
});
