import { useContext, useMemo, useSyncExternalStore } from 'react';
import { SessionBindingContext, type OidcSessionValue } from './session-binding';

/**
 * The session's current snapshot (`status`, `reason`, `user`, ...) plus `signIn`, `signOut` and
 * `checkNow`. The returned object keeps its identity until the snapshot changes. On the server
 * and during hydration it is the `idle` snapshot.
 */
export function useOidcSession(): OidcSessionValue;
/**
 * Only the part of the session that `selector` picks: the component re-renders only when the
 * selected value changes (`Object.is`), e.g. `useOidcSession((s) => s.status)`.
 */
export function useOidcSession<T>(selector: (value: OidcSessionValue) => T): T;
export function useOidcSession<T>(selector?: (value: OidcSessionValue) => T): T | OidcSessionValue {
  const binding = useContext(SessionBindingContext);
  if (!binding) {
    throw new Error(
      'useOidcSession() must be called inside <OidcSessionProvider session={session}>.',
    );
  }
  const { session, subscribe, toValue } = binding;
  const [getSnapshot, getServerSnapshot] = useMemo(() => {
    let select = toValue as (snapshot: Parameters<typeof toValue>[0]) => T | OidcSessionValue;
    if (selector) {
      // Run the selector once per snapshot, so getSnapshot stays pure and cached as React
      // requires; React then re-renders only if the selection differs (Object.is).
      let lastIn: unknown;
      let lastOut: T;
      select = (snapshot) => {
        if (snapshot !== lastIn) {
          lastOut = selector(toValue(snapshot));
          lastIn = snapshot;
        }
        return lastOut;
      };
    }
    return [() => select(session.getSnapshot()), () => select(session.getServerSnapshot())];
  }, [session, toValue, selector]);
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
