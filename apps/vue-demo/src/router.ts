// Routes. The two redirect returns are guards that finish the protocol step and land on `/`;
// /silent-callback never gets here (main.ts), /frontchannel-logout is a page of its own.
import { handleSignOutCallback } from '@oidc-session/core';
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { errorNotice, notice } from './notice';
import { userManager } from './session';
import HomeView from './views/HomeView.vue';
import NotFoundView from './views/NotFoundView.vue';

const home = { path: '/', replace: true } as const;

/** The demo's router; its first navigation runs the callback guards before the app mounts. */
export function createDemoRouter(): Router {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', component: HomeView },
      {
        // The sign-in return: oidc-client-ts stores the user; the session, watching the
        // UserManager, marks its session_state fresh and runs the positive control on it.
        path: '/callback',
        component: HomeView,
        async beforeEnter() {
          try {
            await userManager.signinCallback();
          } catch (err) {
            notice.value = errorNotice('signin-error', err);
          }
          return home;
        },
      },
      {
        // The RP-initiated logout return: the `state` must be the one signOut() sent from this tab.
        path: '/logout-callback',
        component: HomeView,
        async beforeEnter() {
          try {
            await handleSignOutCallback();
            notice.value = { kind: 'signed-out' };
          } catch (err) {
            notice.value = errorNotice('signout-error', err);
          }
          return home;
        },
      },
      { path: '/:pathMatch(.*)*', component: NotFoundView },
    ],
  });
}
