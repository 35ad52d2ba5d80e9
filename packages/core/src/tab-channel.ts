// Tells the other tabs of the same app (same origin, issuer and client) that the session ended or
// was signed out, so they follow at once instead of at their next poll. BroadcastChannel where it
// exists, a `storage` event otherwise. Incoming messages are validated field by field: anything
// else is ignored.
import type { SessionReason } from './types';

/** What one tab tells the others. */
export interface TabMessage {
  readonly type: 'end';
  readonly status: 'ended' | 'signed-out';
  readonly reason: SessionReason;
  /** The user it applies to; tabs holding another user ignore it. */
  readonly sub: string | null;
}

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

const REASONS =
  /^(op-logout|user-switched|other-tab|signed-out|frontchannel-logout|backchannel-logout|op-error|reauth-rejected|reauth-loop)$/;

/** Parse an incoming message strictly; `null` for anything that is not exactly a TabMessage. */
export function parseTabMessage(data: unknown): TabMessage | null {
  const m = data as Partial<TabMessage> | null;
  return m &&
    typeof m === 'object' &&
    m.type === 'end' &&
    (m.status === 'ended' || m.status === 'signed-out') &&
    typeof m.reason === 'string' &&
    REASONS.test(m.reason) &&
    (m.sub === null || typeof m.sub === 'string')
    ? { type: 'end', status: m.status, reason: m.reason, sub: m.sub }
    : null;
}

/** Open the channel `name` in `win`; `onMessage` gets validated messages from other tabs only. */
export function openTabChannel(
  win: Window & typeof globalThis,
  name: string,
  onMessage: (m: TabMessage) => void,
): TabChannel {
  const deliver = (data: unknown) => {
    const message = parseTabMessage(data);
    if (message) onMessage(message);
  };
  if (typeof win.BroadcastChannel === 'function') {
    const channel = new win.BroadcastChannel(name);
    channel.onmessage = (e: MessageEvent) => deliver(e.data);
    return { post: (m) => channel.postMessage(m), close: () => channel.close() };
  }
  // Fallback: a write to localStorage fires `storage` in every other tab of the origin.
  const onStorage = (e: StorageEvent) => {
    if (e.key !== name || !e.newValue) return;
    try {
      deliver(JSON.parse(e.newValue));
    } catch {
      // not ours
    }
  };
  win.addEventListener('storage', onStorage);
  return {
    post(m) {
      try {
        win.localStorage.setItem(name, JSON.stringify({ ...m, at: Date.now() }));
        win.localStorage.removeItem(name);
      } catch {
        // storage blocked: nothing to tell with
      }
    },
    close: () => win.removeEventListener('storage', onStorage),
  };
}

/** The channel name of one app: issuer + client. */
export const channelName = (authority: string, clientId: string) =>
  `oidc-session:${authority}|${clientId}`;
