// How a logout maps to ended sessions: the one rule the memory store, the Redis store and the
// live SSE forwarding all share, so a reconnecting tab and a connected tab get the same answer.
import type { EndedSessionQuery, LogoutEvent } from './types';

/** Ended sessions are remembered this long by default: a tab reconnecting within a day learns it. */
export const DEFAULT_ENDED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Index keys a logout is stored under. A `sid` logout ends one session (`sid`) and is also a logout
 * "of this user" for a holder that knows no sid (`user`); a sid-less logout ends every session of
 * the user (`sub`). `sub` is only unique per issuer, so every key carries the issuer.
 */
export function endedSessionKeys(event: LogoutEvent): string[] {
  const keys: string[] = [];
  if (event.sid !== undefined) keys.push(key('sid', event.iss, event.sid));
  else if (event.sub !== undefined) keys.push(key('sub', event.iss, event.sub));
  if (event.sub !== undefined) keys.push(key('user', event.iss, event.sub));
  return keys;
}

/** The keys to look at for a session; the events found there still go through `matchesLogout`. */
export function endedSessionLookupKeys(query: EndedSessionQuery): string[] {
  const keys: string[] = [];
  if (query.sid !== undefined) {
    keys.push(key('sid', query.iss, query.sid));
    if (query.sub !== undefined) keys.push(key('sub', query.iss, query.sub));
  } else if (query.sub !== undefined) {
    keys.push(key('user', query.iss, query.sub));
  }
  return keys;
}

/** Whether this logout ended that session. */
export function matchesLogout(event: LogoutEvent, query: EndedSessionQuery): boolean {
  if (event.iss !== query.iss) return false;
  if (event.sid !== undefined && query.sid !== undefined) return event.sid === query.sid;
  // A sid-less logout (or a session whose sid the RP does not know): it is about the user.
  if (event.sub === undefined || event.sub !== query.sub) return false;
  return query.authenticatedAt === undefined || query.authenticatedAt <= event.at;
}

function key(kind: 'sid' | 'sub' | 'user', iss: string, value: string): string {
  // Issuers are URLs without spaces or fragments: a space cannot blur the two parts together.
  return `${kind}:${iss} ${value}`;
}
