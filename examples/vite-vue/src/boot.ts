import { createOidcSession, handleSignOutCallback } from '@oidc-session/core';
import { oidcSession } from '@oidc-session/vue';
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import Home from './Home.vue';
import { userManager } from './user-manager';

const session = createOidcSession({ userManager }); // once, at module scope

/** Let the first navigation finish a redirect return, then start the session on the result. */
export async function boot(): Promise<void> {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', component: Home },
      {
        path: '/callback', // redirect_uri
        component: Home,
        beforeEnter: async () => (await userManager.signinCallback(), { path: '/', replace: true }),
      },
      {
        path: '/logout-callback', // post_logout_redirect_uri
        component: Home,
        beforeEnter: async () => (await handleSignOutCallback(), { path: '/', replace: true }),
      },
    ],
  });
  const app = createApp(App).use(router);
  await router.isReady();
  app.use(oidcSession, { session }).mount('#app');
}
