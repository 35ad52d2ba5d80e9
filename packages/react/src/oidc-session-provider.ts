import type { OidcSession } from '@oidc-session/core';
import { createElement, useEffect, useMemo, type ReactElement, type ReactNode } from 'react';
import { bindSession, SessionBindingContext } from './session-binding';

export interface OidcSessionProviderProps {
  /** The session, created once at module scope with `createOidcSession` (not during render). */
  session: OidcSession;
  children?: ReactNode;
}

/**
 * Makes `session` available to `useOidcSession()` and runs its monitor while mounted: `start()`
 * on mount, `stop()` on unmount. `stop` (not `dispose`) lets React StrictMode's mount, unmount,
 * mount sequence end with exactly one running monitor on the same session.
 */
export function OidcSessionProvider({ session, children }: OidcSessionProviderProps): ReactElement {
  const binding = useMemo(() => bindSession(session), [session]);
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  return createElement(SessionBindingContext.Provider, { value: binding }, children);
}
