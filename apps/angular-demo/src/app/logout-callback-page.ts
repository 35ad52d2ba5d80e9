// /logout-callback: the OP's post_logout_redirect_uri. handleSignOutCallback() checks that `state`
// is the one this tab's signOut() sent; a missing or foreign one is shown, never ignored.
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { handleSignOutCallback } from '@oidc-session/core';
import { NoticeStore } from './notice';

@Component({
  selector: 'app-logout-callback-page',
  template: '<main class="card"><p>Signing you out…</p></main>',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogoutCallbackPage {
  constructor() {
    const router = inject(Router);
    const notices = inject(NoticeStore);
    handleSignOutCallback()
      .then(() => notices.notice.set({ kind: 'signed-out' }))
      .catch((err: unknown) => notices.error('signout-error', err))
      .finally(() => router.navigateByUrl('/', { replaceUrl: true }));
  }
}
