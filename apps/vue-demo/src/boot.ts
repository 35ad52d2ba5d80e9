// Builds the app: the router finishes whatever redirect brought the browser here, then the session
// starts (app.use(oidcSession)) and the app mounts.
import { oidcSession } from '@oidc-session/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { createDemoRouter } from './router';
import { session } from './session';
import '@oidc-session/demo-shared/styles.css';

/** Create, wire and mount the app on `#app`. */
export async function boot(): Promise<void> {
  const router = createDemoRouter();
  const app = createApp(App).use(router);
  // The first navigation runs the /callback and /logout-callback guards: the session starts on
  // the finished state (a stored user, or none) rather than on a page still half-way through.
  await router.isReady();
  app.use(oidcSession, { session });
  app.mount('#app');
}
