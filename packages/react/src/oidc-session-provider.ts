import { resolveSession, type OidcSessionSource } from '@oidc-session/core';
import { createElement, useEffect, useMemo, type ReactElement, type ReactNode } from 'react';
import { bindSession, SessionBindingContext } from './session-binding';

/** Props of {@link OidcSessionProvider}. */
export interface OidcSessionProviderProps {
  /**
   * The session, created once at module scope with `createOidcSession` (not during render); or a
   * function returning it, called in the browser only, for sessions that need browser globals to
   * be built (a `UserManager` whose redirect URIs come from `location`). It must return the same
   * session every time (create it on the first call). On the server the provider then uses an
   * idle stand-in (`createServerSession()`), so server rendering needs no session at all.
   */
  session: OidcSessionSource;
  children?: ReactNode;
}

/**
 * Makes `session` available to `useOidcSession()` and runs its monitor while mounted: `start()`
 * on mount, `stop()` on unmount. `stop` (not `dispose`) lets React StrictMode's mount, unmount,
 * mount sequence end with exactly one running monitor on the same session.
 */
export function OidcSessionProvider({
  session: source,
  children,
}: OidcSessionProviderProps): ReactElement {
  const session = useMemo(() => resolveSession(source), [source]);
  const binding = useMemo(() => bindSession(session), [session]);
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  return createElement(SessionBindingContext.Provider, { value: binding }, children);
}
