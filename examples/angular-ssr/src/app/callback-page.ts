import { afterNextRender, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { getUserManager } from './session';

/** redirect_uri: finish the sign-in (in the browser only), then go home. */
@Component({
  selector: 'app-callback-page',
  template: `<p>{{ error() ?? 'Signing in…' }}</p>`,
})
export class CallbackPage {
  protected readonly error = signal<string | undefined>(undefined);

  constructor() {
    const router = inject(Router);
    afterNextRender(() => {
      getUserManager()
        .signinCallback()
        .then(
          () => router.navigateByUrl('/', { replaceUrl: true }),
          (err: unknown) => this.error.set(String(err)),
        );
    });
  }
}
