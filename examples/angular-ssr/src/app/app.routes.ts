import type { Routes } from '@angular/router';
import { CallbackPage } from './callback-page';
import { HomePage } from './home-page';
import { LogoutCallbackPage } from './logout-callback-page';

export const routes: Routes = [
  { path: '', component: HomePage },
  { path: 'callback', component: CallbackPage }, // redirect_uri
  { path: 'logout-callback', component: LogoutCallbackPage }, // post_logout_redirect_uri
  { path: 'silent-callback', children: [] }, // handled in main.ts, before bootstrap
];
