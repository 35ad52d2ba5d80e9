// Soak: @oidc-session/vue. Each cycle creates a session and an app with the plugin and a
// component using useOidcSession(), mounts it, then unmounts it and disposes the session.
import { createOidcSession } from '@oidc-session/core';
import { oidcSession, useOidcSession } from '@oidc-session/vue';
import { createApp, defineComponent, h } from 'vue';
import { checkInterval } from './shared';
import { soakHost, soakPage } from './soak';

const Status = defineComponent({
  setup() {
    const { status, user } = useOidcSession();
    return () =>
      h('p', [h('span', { 'data-testid': 'soak-status' }, status.value), user.value?.sub]);
  },
});

soakPage('soak · @oidc-session/vue', 'bench-soak-vue', async (userManager) => {
  const session = createOidcSession({ userManager, checkInterval: checkInterval() });
  const app = createApp(Status).use(oidcSession, { session });
  app.mount(soakHost());
  return {
    status: () => session.getSnapshot().status,
    unmount() {
      app.unmount();
      session.dispose();
    },
  };
});
