import type { SessionSnapshot } from '@oidc-session/core';
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createApp,
  createSSRApp,
  defineComponent,
  effectScope,
  h,
  inject,
  nextTick,
  type App,
  type Component,
} from 'vue';
import { oidcSession, oidcSessionKey, useOidcSession, type UseOidcSessionReturn } from '../src';
import {
  createTestSession,
  SESSION_STATUSES,
  testUser,
  type TestSession,
} from '@oidc-session/testing';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** Renders status, reason and user. */
function statusComponent(): Component {
  return defineComponent({
    setup() {
      const { status, reason, user } = useOidcSession();
      return () =>
        h('p', [
          h('span', { 'data-testid': 'status' }, status.value),
          h('span', { 'data-testid': 'reason' }, reason.value ?? ''),
          h('span', { 'data-testid': 'user' }, user.value?.sub ?? ''),
        ]);
    },
  });
}

function mountWith(session: TestSession, component: Component) {
  return mount(component, { global: { plugins: [[oidcSession, { session }]] } });
}

describe('useOidcSession', () => {
  it.each(SESSION_STATUSES)('renders status %s', (status) => {
    const session = createTestSession({
      status,
      reason: status === 'ended' ? 'op-logout' : null,
      user: status === 'active' ? testUser('alice') : null,
    });
    const wrapper = mountWith(session, statusComponent());
    expect(wrapper.get('[data-testid="status"]').text()).toBe(status);
    expect(wrapper.get('[data-testid="reason"]').text()).toBe(
      status === 'ended' ? 'op-logout' : '',
    );
    expect(wrapper.get('[data-testid="user"]').text()).toBe(status === 'active' ? 'alice' : '');
    wrapper.unmount();
  });

  it('exposes the idle countdown as a ref and stayActive()', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let api!: UseOidcSessionReturn;
    const wrapper = mountWith(
      session,
      defineComponent({
        setup() {
          api = useOidcSession();
          return () => h('span', { 'data-testid': 'idle' }, api.idle.value?.secondsLeft ?? '');
        },
      }),
    );
    session.setIdleCountdown(4);
    await nextTick();
    expect(wrapper.get('[data-testid="idle"]').text()).toBe('4');
    api.stayActive();
    await nextTick();
    expect(session.callCount('stayActive')).toBe(1);
    expect(wrapper.get('[data-testid="idle"]').text()).toBe('');
    wrapper.unmount();
  });

  it('follows snapshot changes', async () => {
    const session = createTestSession({ status: 'starting' });
    const wrapper = mountWith(session, statusComponent());
    session.set({ status: 'active', user: testUser('alice') });
    await nextTick();
    expect(wrapper.get('[data-testid="status"]').text()).toBe('active');
    expect(wrapper.get('[data-testid="user"]').text()).toBe('alice');
    session.set({ status: 'ended', reason: 'user-switched', user: null });
    await nextTick();
    expect(wrapper.get('[data-testid="status"]').text()).toBe('ended');
    expect(wrapper.get('[data-testid="reason"]').text()).toBe('user-switched');
    expect(wrapper.get('[data-testid="user"]').text()).toBe('');
    wrapper.unmount();
  });

  it('re-renders once per change and never for a notification that changes nothing', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let renders = 0;
    const wrapper = mountWith(
      session,
      defineComponent({
        setup() {
          // The whole snapshot: any new object, even an equal one, would re-render this.
          const { snapshot } = useOidcSession();
          return () => {
            renders++;
            return h('span', snapshot.value.status);
          };
        },
      }),
    );
    const before = session.getSnapshot();
    for (let i = 0; i < 5; i++) session.notify(); // quiet polls: same snapshot object
    await nextTick();
    expect(session.getSnapshot()).toBe(before);
    expect(renders).toBe(1);
    session.set({ status: 'reauthenticating' });
    await nextTick();
    expect(renders).toBe(2);
    expect(wrapper.text()).toBe('reauthenticating');
    session.notify();
    await nextTick();
    expect(renders).toBe(2);
    wrapper.unmount();
  });

  it('re-renders a component only for the fields it reads', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let renders = 0;
    const wrapper = mountWith(
      session,
      defineComponent({
        setup() {
          const { status } = useOidcSession();
          return () => {
            renders++;
            return h('span', status.value);
          };
        },
      }),
    );
    expect(renders).toBe(1);
    session.set({ isPolling: true, sessionState: 'next' }); // a new snapshot, same status
    await nextTick();
    expect(renders).toBe(1);
    session.set({ status: 'ended', reason: 'op-logout' });
    await nextTick();
    expect(renders).toBe(2);
    expect(wrapper.text()).toBe('ended');
    wrapper.unmount();
  });

  it('exposes the snapshot as is, read-only', () => {
    const session = createTestSession({
      status: 'active',
      user: testUser('alice'),
      isPolling: true,
    });
    let value!: UseOidcSessionReturn;
    const wrapper = mountWith(
      session,
      defineComponent({
        setup() {
          value = useOidcSession();
          return () => h('span');
        },
      }),
    );
    expect(value.snapshot.value).toBe(session.getSnapshot());
    expect(value.user.value).toBe(session.getSnapshot().user);
    expect(value.isPolling.value).toBe(true);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // @ts-expect-error the refs are read-only
    value.status.value = 'ended';
    expect(value.status.value).toBe('active');
    wrapper.unmount();
  });

  it('subscribes once per call and unsubscribes on unmount', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const wrapper = mountWith(session, statusComponent());
    expect(session.subscriberCount).toBe(1);
    wrapper.unmount();
    expect(session.subscriberCount).toBe(0);
    session.set({ status: 'ended' }); // no listener left to run
    await nextTick();
  });

  it('unsubscribes when a plain effect scope stops', () => {
    const session = createTestSession();
    const app = createApp({ render: () => null }).provide(oidcSessionKey, session);
    const scope = effectScope();
    app.runWithContext(() => scope.run(() => useOidcSession()));
    expect(session.subscriberCount).toBe(1);
    scope.stop();
    expect(session.subscriberCount).toBe(0);
  });

  it('shares one session between components: one subscription each, the same snapshot', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const seen: SessionSnapshot[] = [];
    const Probe = defineComponent({
      setup() {
        const { snapshot } = useOidcSession();
        return () => {
          seen.push(snapshot.value);
          return h('i', snapshot.value.status);
        };
      },
    });
    const wrapper = mountWith(
      session,
      defineComponent({ setup: () => () => h('div', [h(Probe), h(Probe)]) }),
    );
    expect(session.subscriberCount).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(session.getSnapshot());
    expect(seen[1]).toBe(seen[0]);
    session.set({ status: 'ended', reason: 'op-logout', user: null });
    await nextTick();
    expect(seen).toHaveLength(4);
    expect(seen[2]).toBe(session.getSnapshot());
    expect(seen[3]).toBe(seen[2]);
    expect(wrapper.text()).toBe('endedended');
    wrapper.unmount();
    expect(session.subscriberCount).toBe(0);
  });

  it('binds signIn, signOut and checkNow to the session', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let value!: UseOidcSessionReturn;
    const wrapper = mountWith(
      session,
      defineComponent({
        setup() {
          value = useOidcSession();
          return () => h('span');
        },
      }),
    );
    const { signIn, signOut, checkNow } = value; // detached from the object on purpose
    await signIn({ login_hint: 'alice' });
    await signOut({ mode: 'local' });
    await expect(checkNow()).resolves.toBe(session.getSnapshot());
    expect(session.calls).toEqual([
      { method: 'start', args: [] }, // the plugin's install
      { method: 'signIn', args: [{ login_hint: 'alice' }] },
      { method: 'signOut', args: [{ mode: 'local' }] },
      { method: 'checkNow', args: [] },
    ]);
    wrapper.unmount();
  });

  it('throws a clear error without the plugin', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const Orphan = defineComponent({
      setup() {
        useOidcSession();
        return () => h('span');
      },
    });
    expect(() => mount(Orphan)).toThrow(
      'useOidcSession() needs app.use(oidcSession, { session }): no session was provided',
    );
  });

  it('throws a clear error outside setup() and app.runWithContext()', () => {
    expect(() => useOidcSession()).toThrow(/must be called in setup\(\)/);
  });

  it('warns when called outside an effect scope (it would leak), and only then', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = createTestSession();
    const app = createApp({ render: () => null }).provide(oidcSessionKey, session);
    const scope = effectScope();
    app.runWithContext(() => scope.run(() => useOidcSession()));
    expect(warn).not.toHaveBeenCalled();
    app.runWithContext(() => useOidcSession());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/outside setup\(\) or an effect scope/);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/memory leak/);
    scope.stop();
  });
});

describe('hydration', () => {
  it('renders the server snapshot while hydrating (no mismatch), then the real one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const Status = defineComponent({
      setup() {
        const { status } = useOidcSession();
        return () => h('span', { 'data-testid': 'status' }, status.value);
      },
    });
    const container = document.createElement('div');
    document.body.append(container);
    container.innerHTML = '<span data-testid="status">idle</span>'; // what the server sent
    const app = createSSRApp(Status).use(oidcSession, { session });
    app.mount(container);
    const mismatches = [...warn.mock.calls, ...error.mock.calls].filter((args) =>
      /hydration/i.test(String(args[0])),
    );
    expect(mismatches).toEqual([]);
    await nextTick();
    expect(container.textContent).toBe('active');
    expect(session.subscriberCount).toBe(1);
    app.unmount();
    expect(session.subscriberCount).toBe(0);
  });
});

describe('oidcSession plugin', () => {
  const Empty = defineComponent({ render: () => h('span') });

  it('starts the session on install and stops it when the app unmounts', () => {
    const session = createTestSession();
    const wrapper = mountWith(session, Empty);
    expect([session.callCount('start'), session.callCount('stop')]).toEqual([1, 0]);
    wrapper.unmount();
    expect([session.callCount('start'), session.callCount('stop')]).toEqual([1, 1]);
    expect(session.callCount('dispose')).toBe(0);
  });

  it('stops the session on unmount without app.onUnmount (Vue 3.3, 3.4)', () => {
    const session = createTestSession();
    const app: App = createApp(Empty);
    // @ts-expect-error simulate an app from before Vue 3.5
    app.onUnmount = undefined;
    app.use(oidcSession, { session });
    app.mount(document.createElement('div'));
    expect(session.callCount('stop')).toBe(0);
    app.unmount();
    expect([session.callCount('start'), session.callCount('stop')]).toEqual([1, 1]);
  });

  it('provides the session under oidcSessionKey', () => {
    const session = createTestSession();
    const app = createApp(Empty).use(oidcSession, { session });
    expect(app.runWithContext(() => inject(oidcSessionKey))).toBe(session);
  });

  it('refuses to install without a session', () => {
    const app = createApp(Empty);
    // @ts-expect-error no options
    expect(() => app.use(oidcSession)).toThrow(
      'app.use(oidcSession, { session }) needs the session returned by createOidcSession().',
    );
  });
});
