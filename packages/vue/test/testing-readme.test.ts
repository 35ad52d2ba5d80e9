// The Vue Test Utils example of @oidc-session/testing's README, run as it is written there.
import { it } from 'vitest';
import readme from '../../testing/README.md?raw';
import { readmeExamples, readmeRegion } from '../../testing/test/readme-examples';
import source from './testing-readme.test.ts?raw';

// #region readme
import { createTestSession, testUser } from '@oidc-session/testing';
import { oidcSession, useOidcSession } from '@oidc-session/vue';
import { mount } from '@vue/test-utils';
import { expect, test } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';

const SessionBanner = defineComponent({
  setup() {
    const { status, reason } = useOidcSession();
    return () =>
      status.value === 'unsupported'
        ? h('p', { role: 'status' }, `Logouts elsewhere may go unnoticed (${reason.value}).`)
        : h('p', `Session ${status.value}`);
  },
});

test('explains why logouts elsewhere may go unnoticed', async () => {
  const session = createTestSession({ status: 'starting', user: testUser('alice') });
  const wrapper = mount(SessionBanner, {
    global: { plugins: [[oidcSession, { session }]] },
  });
  expect(wrapper.text()).toBe('Session starting');
  expect(session.callCount('start')).toBe(1); // the plugin started it

  session.markUnsupported('third-party-cookies-blocked');
  await nextTick();
  expect(wrapper.get('[role="status"]').text()).toContain('third-party-cookies-blocked');

  wrapper.unmount();
  expect(session.subscriberCount).toBe(0);
});
// #endregion readme

it('is the example in the README of @oidc-session/testing', () => {
  expect(readmeExamples(readme).get('vue')).toBe(readmeRegion(source));
});
