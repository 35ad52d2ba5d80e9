import { Component, inject } from '@angular/core';
import { OidcSessionService } from '@oidc-session/angular';

/** The session's status and the user; on the server (and while hydrating) it says `idle`. */
@Component({
  selector: 'app-home-page',
  template: `<main>
    <p>
      Session: <strong data-testid="session-status">{{ session.status() }}</strong>
    </p>
    @if (session.user(); as user) {
      <p>
        Signed in as <span data-testid="session-user">{{ user.name ?? user.sub }}</span>
        <button data-testid="sign-out" (click)="session.signOut()">Sign out</button>
      </p>
    } @else {
      <button
        data-testid="sign-in"
        [disabled]="session.status() === 'idle'"
        (click)="session.signIn()"
      >
        Sign in
      </button>
    }
  </main>`,
})
export class HomePage {
  protected readonly session = inject(OidcSessionService);
}
