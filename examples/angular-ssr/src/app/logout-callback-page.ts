import { afterNextRender, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { handleSignOutCallback } from '@oidc-session/core';

/** post_logout_redirect_uri: check the returned `state` (in the browser only), then go home. */
@Component({
  selector: 'app-logout-callback-page',
  template: `<p>{{ error() ?? 'Signing out…' }}</p>`,
})
export class LogoutCallbackPage {
  protected readonly error = signal<string | undefined>(undefined);

  constructor() {
    const router = inject(Router);
    afterNextRender(() => {
      handleSignOutCallback().then(
        () => router.navigateByUrl('/', { replaceUrl: true }),
        (err: unknown) => this.error.set(String(err)),
      );
    });
  }
}
