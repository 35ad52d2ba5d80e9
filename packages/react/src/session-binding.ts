// What the provider shares with every hook below it: the session, its stable actions, and one
// hook value per snapshot.
import type { OidcSession, SessionSnapshot } from '@oidc-session/core';
import { createContext } from 'react';

/** What `useOidcSession()` returns: the snapshot's fields plus actions bound to the session. */
export interface OidcSessionValue extends SessionSnapshot {
  /** `session.signIn`: redirect to the OP to sign in. Stable identity. */
  readonly signIn: OidcSession['signIn'];
  /** `session.signOut`: RP-initiated (default) or local sign-out. Stable identity. */
  readonly signOut: OidcSession['signOut'];
  /** `session.checkNow`: check the OP session now. Stable identity. */
  readonly checkNow: OidcSession['checkNow'];
  /** `session.stayActive`: restart the idle countdown in every tab (option `idle`). Stable identity. */
  readonly stayActive: OidcSession['stayActive'];
}

export interface SessionBinding {
  readonly session: OidcSession;
  readonly subscribe: (listener: () => void) => () => void;
  /** The hook value of a snapshot: the same object for the same snapshot, in every component. */
  readonly toValue: (snapshot: SessionSnapshot) => OidcSessionValue;
}

export function bindSession(session: OidcSession): SessionBinding {
  // Arrow wrappers rather than the methods themselves: they work for sessions whose methods use
  // `this`, and their identities depend only on the session, so they are safe effect dependencies.
  const actions: Pick<OidcSessionValue, 'signIn' | 'signOut' | 'checkNow' | 'stayActive'> = {
    signIn: (args) => session.signIn(args),
    signOut: (options) => session.signOut(options),
    checkNow: () => session.checkNow(),
    stayActive: () => session.stayActive(),
  };
  // Snapshots are immutable and keep their identity until something changes, so they key the
  // cache; a WeakMap also keeps the server snapshot's value stable while hydrating.
  const values = new WeakMap<SessionSnapshot, OidcSessionValue>();
  return {
    session,
    subscribe: (listener) => session.subscribe(listener),
    toValue(snapshot) {
      let value = values.get(snapshot);
      if (!value) values.set(snapshot, (value = Object.freeze({ ...snapshot, ...actions })));
      return value;
    },
  };
}

export const SessionBindingContext = createContext<SessionBinding | null>(null);
