import type { LogoutEvent, LogoutListener } from './types';

/** Call every listener; one that throws must not keep the others (or the receiver) from running. */
export function notifyListeners(listeners: Iterable<LogoutListener>, event: LogoutEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (err) {
      console.error('[oidc-session/server] logout listener failed', err);
    }
  }
}
