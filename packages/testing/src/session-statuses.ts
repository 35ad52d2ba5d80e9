import type { SessionStatus } from '@oidc-session/core';

// A record, so the compiler fails here when core adds a status this list does not have.
const ORDER: Record<SessionStatus, number> = {
  idle: 0,
  'signed-out': 1,
  starting: 2,
  active: 3,
  reauthenticating: 4,
  ended: 5,
  unsupported: 6,
  error: 7,
};

/** Every `SessionStatus`, in the order of the core state machine; handy for `it.each`. */
export const SESSION_STATUSES: readonly SessionStatus[] = Object.freeze(
  (Object.keys(ORDER) as SessionStatus[]).sort((a, b) => ORDER[a] - ORDER[b]),
);

/** Whether `value` is a `SessionStatus`. */
export function isSessionStatus(value: unknown): value is SessionStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ORDER, value);
}
