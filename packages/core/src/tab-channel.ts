// The wire between the tabs of one app (same origin, issuer and client): sign-outs and ends reach
// every tab at once, the leader tab reports each check to its followers, and followers say when
// they join, show or hide. BroadcastChannel where it exists, a `storage` event otherwise.
// Incoming messages go through the strict parser of tab-messages.ts.
import { parseTabMessage, type TabMessage } from './tab-messages';

export { parseTabMessage } from './tab-messages';
export type { EndMessage, HelloMessage, StateMessage, TabMessage } from './tab-messages';

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
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
