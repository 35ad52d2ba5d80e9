// The adapter over the real engine and a real oidc-client-ts UserManager (no network: with no
// stored user the session never asks the OP anything).
import { createOidcSession } from '@oidc-session/core';
import { flushPromises, mount } from '@vue/test-utils';
import { UserManager } from 'oidc-client-ts';
import { expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { oidcSession, useOidcSession } from '../src';

const Status = defineComponent({
  setup() {
    const { status } = useOidcSession();
    return () => h('span', { 'data-testid': 'status' }, status.value);
  },
});

it('shows signed-out for a real session with no stored user', async () => {
  const userManager = new UserManager({
    authority: 'http://op.invalid',
    client_id: 'vue-test',
    redirect_uri: 'http://localhost:3000/callback',
    silent_redirect_uri: 'http://localhost:3000/silent-callback',
    monitorSession: false,
  });
  const session = createOidcSession({ userManager });
  const wrapper = mount(Status, { global: { plugins: [[oidcSession, { session }]] } });
  // start() on install: the engine is looking for a user already.
  expect(wrapper.text()).toBe('starting');
  await flushPromises();
  expect(wrapper.text()).toBe('signed-out');
  expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', user: null });
  wrapper.unmount();
  expect(session.getSnapshot().status).toBe('idle');
  session.dispose();
});

it('takes a factory: called once in the browser, and that session runs', async () => {
  let session: ReturnType<typeof createOidcSession> | undefined;
  const getSession = () =>
    (session ??= createOidcSession({
      userManager: new UserManager({
        authority: 'http://op.invalid',
        client_id: 'vue-test',
        redirect_uri: `${location.origin}/callback`,
        silent_redirect_uri: `${location.origin}/silent-callback`,
        monitorSession: false,
      }),
    }));
  const wrapper = mount(Status, { global: { plugins: [[oidcSession, { session: getSession }]] } });
  await flushPromises();
  expect(wrapper.text()).toBe('signed-out');
  expect(session?.getSnapshot().status).toBe('signed-out');
  wrapper.unmount();
  expect(session?.getSnapshot().status).toBe('idle');
  session?.dispose();
});
