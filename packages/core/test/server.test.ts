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
