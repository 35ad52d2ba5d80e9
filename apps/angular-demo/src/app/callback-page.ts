// /callback: the OP sends the browser back here after sign-in. The session, already watching the
// UserManager, sees the user load; its first check of this fresh session_state is the positive
// control.
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { NoticeStore } from './notice';
import { USER_MANAGER } from './user-manager';

@Component({
  selector: 'app-callback-page',
  template: '<main class="card"><p>Signing you in…</p></main>',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallbackPage {
  constructor() {
    const router = inject(Router);
    const notices = inject(NoticeStore);
    inject(USER_MANAGER)
      .signinCallback()
      .catch((err: unknown) => notices.error('signin-error', err))
      .finally(() => router.navigateByUrl('/', { replaceUrl: true }));
  }
}
