// The page a person sees: the session status in plain words, the user, the reason, the actions.
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { injectOidcSession } from '@oidc-session/angular';
import { LastChecked } from './last-checked';
import { SessionTimeline } from './session-timeline';
import { NoticeStore } from './notice';
import { roleText, statusText } from '@oidc-session/demo-shared/status-text';
import { BACKEND_ORIGIN } from './backchannel';
import { OP_ORIGIN } from './user-manager';

@Component({
  selector: 'app-home-page',
  imports: [LastChecked, SessionTimeline],
  templateUrl: './home-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  protected readonly session = injectOidcSession();
  protected readonly notice = inject(NoticeStore).notice;
  protected readonly op = OP_ORIGIN;
  protected readonly backend = BACKEND_ORIGIN;
  protected readonly text = computed(() =>
    statusText(this.session.status(), this.session.reason()),
  );
  protected readonly role = computed(() =>
    roleText(this.session.status(), this.session.snapshot().isPolling),
  );
  // Offer sign-in once the session knows there is no user (not while it is still looking).
  protected readonly canSignIn = computed(() => {
    const status = this.session.status();
    return !this.session.user() && status !== 'idle' && status !== 'starting';
  });
  protected readonly actionError = signal<string | null>(null);

  protected signIn(): void {
    this.run(() => this.session.signIn());
  }

  /** RP-initiated logout: to the OP's end-session page, back on /logout-callback. */
  protected signOut(): void {
    this.run(() => this.session.signOut());
  }

  protected readonly popupDone = signal(false);

  /** The OP's end-session page in a popup; this page stays. */
  protected signOutPopup(): void {
    this.run(() => this.session.signOut({ mode: 'popup' }).then(() => this.popupDone.set(true)));
  }

  /** RP-initiated logout as a form POST. */
  protected signOutPost(): void {
    this.run(() => this.session.signOut({ mode: 'post' }));
  }

  protected checkNow(): void {
    this.run(() => this.session.checkNow());
  }

  private run(action: () => Promise<unknown>): void {
    this.actionError.set(null);
    action().catch((err: unknown) =>
      this.actionError.set(err instanceof Error ? err.message : String(err)),
    );
  }
}
