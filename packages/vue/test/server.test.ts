// @vitest-environment node
// Server rendering: the app renders `idle`, subscribes to nothing and touches no browser global.
import { describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { oidcSession, useOidcSession } from '../src';
import { createTestSession, testUser } from '@oidc-session/testing';

const Status = defineComponent({
  setup() {
    const { status, user } = useOidcSession();
    return () =>
      h('p', [
        h('span', { 'data-testid': 'status' }, status.value),
        h('span', { 'data-testid': 'user' }, user.value?.sub ?? ''),
      ]);
  },
});

describe('on the server', () => {
  it('renders the idle server snapshot and leaves no subscription behind', async () => {
    expect(typeof window).toBe('undefined');
    // Even a session whose client snapshot is `active` renders as the server snapshot (`idle`).
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const app = createSSRApp(Status).use(oidcSession, { session });
    const html = await renderToString(app);
    expect(html).toBe(
      '<p><span data-testid="status">idle</span><span data-testid="user"></span></p>',
    );
    // SSR never disposes component scopes, so a subscription here would leak per request.
    expect(session.subscriberCount).toBe(0);
  });

  it('works with a real session created on the server', async () => {
    const { createOidcSession } = await import('@oidc-session/core');
    const { UserManager, InMemoryWebStorage, WebStorageStateStore } =
      await import('oidc-client-ts');
    const userManager = new UserManager({
      authority: 'http://op.invalid',
      client_id: 'vue-test',
      redirect_uri: 'http://localhost:3000/callback',
      silent_redirect_uri: 'http://localhost:3000/silent-callback',
      monitorSession: false,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    });
    const session = createOidcSession({ userManager });
    const html = await renderToString(createSSRApp(Status).use(oidcSession, { session }));
    expect(html).toContain('<span data-testid="status">idle</span>');
    expect(session.getSnapshot().status).toBe('idle');
    session.dispose();
  });

  it('never calls a session factory on the server: it renders the idle stand-in', async () => {
    const factory = vi.fn(() => {
      throw new Error('location is not defined'); // what a browser-only UserManager does here
    });
    const html = await renderToString(createSSRApp(Status).use(oidcSession, { session: factory }));
    expect(html).toContain('<span data-testid="status">idle</span>');
    expect(factory).not.toHaveBeenCalled();
  });
});
