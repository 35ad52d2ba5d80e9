// What the redirect that brought the browser back left to say, for the home page to show.
import { Injectable, signal } from '@angular/core';
import { OidcSessionError } from '@oidc-session/core';

export type Notice =
  | { kind: 'signed-out' }
  | { kind: 'signin-error' | 'signout-error'; code: string; message: string };

@Injectable({ providedIn: 'root' })
export class NoticeStore {
  readonly notice = signal<Notice | null>(null);

  error(kind: 'signin-error' | 'signout-error', err: unknown): void {
    const code =
      err instanceof OidcSessionError
        ? err.code
        : ((err as { error?: string } | null)?.error ?? 'unexpected');
    const message = err instanceof Error ? err.message : String(err);
    this.notice.set({ kind, code, message });
  }
}
