import { afterNextRender, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { userManager } from './user-manager';

/** redirect_uri: finish the sign-in, then go home. */
@Component({
  selector: 'app-callback-page',
  template: `<p>{{ error() ?? 'Signing in…' }}</p>`,
})
export class CallbackPage {
  protected readonly error = signal<string | undefined>(undefined);

  constructor() {
    const router = inject(Router);
    afterNextRender(() => {
      userManager.signinCallback().then(
        () => router.navigateByUrl('/', { replaceUrl: true }),
        (err: unknown) => this.error.set(String(err)),
      );
    });
  }
}
