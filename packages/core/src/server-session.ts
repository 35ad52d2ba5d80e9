// The session adapters render with on the server, where the real one cannot exist: an app's
// UserManager is built from `location` (its redirect URIs), which only the browser has.
import { OidcSessionError } from './errors';
import type { OidcSession } from './oidc-session';
import { IDLE } from './runtime/snapshot';
import { zeroStats } from './runtime/stats';

const unavailable = (what: string) => () =>
  Promise.reject(
    new OidcSessionError(
      'config',
      `${what}() runs in the browser only: this is the server rendering's idle session.`,
    ),
  );

/**
 * An {@link OidcSession} for server rendering: always `idle`, never starts, subscribes to nothing
 * and touches no browser global; `signIn` and `signOut` reject. The adapters use it when given a
 * session factory (`() => createOidcSession(...)`), which they call in the browser only.
 */
export function createServerSession(): OidcSession {
  const noop = (): void => undefined;
  return {
    getSnapshot: () => IDLE,
    getServerSnapshot: () => IDLE,
    subscribe: () => noop,
    on: () => noop,
    getStats: zeroStats,
    getLastCheckedAt: () => null,
    start: noop,
    stop: noop,
    dispose: noop,
    stayActive: noop,
    checkNow: () => Promise.resolve(IDLE),
    signIn: unavailable('signIn'),
    signOut: unavailable('signOut'),
  };
}

/** A session, or a function that creates it (called in the browser only; see the adapters). */
export type OidcSessionSource = OidcSession | (() => OidcSession);

/**
 * The session to use here: `source` itself, or in the browser what the factory returns, or on the
 * server {@link createServerSession}'s. Adapters call it so that an app whose session can only be
 * built in the browser renders on the server unchanged. `inBrowser` defaults to "has a `window`".
 */
export function resolveSession(
  source: OidcSessionSource,
  inBrowser: boolean = typeof window !== 'undefined',
): OidcSession {
  if (typeof source !== 'function') return source;
  return inBrowser ? source() : createServerSession();
}
