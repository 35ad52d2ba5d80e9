// What the redirect that loaded the page left to say: set by the callback routes, shown by App.
import { OidcSessionError } from '@oidc-session/core';
import { shallowRef } from 'vue';

export type Notice =
  | { kind: 'signed-out' }
  | { kind: 'signin-error' | 'signout-error'; code: string; message: string };

/** The notice of the current page load, if any. */
export const notice = shallowRef<Notice | null>(null);

/** A notice for a failed callback: the OidcSessionError or OAuth error code, and the message. */
export function errorNotice(kind: 'signin-error' | 'signout-error', err: unknown): Notice {
  const code =
    err instanceof OidcSessionError
      ? err.code
      : ((err as { error?: string } | null)?.error ?? 'unexpected');
  const message = err instanceof Error ? err.message : String(err);
  return { kind, code, message };
}
