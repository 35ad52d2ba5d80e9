// What a session's runtime is given: its settings and the outside world (the ports).
import type { SessionClientPort } from '../client-port';
import type { EngineSettings } from '../engine/state';
import type { OpFrameFactory } from '../op-frame';
import type { SessionSignal } from '../signals';
import type { SignOutPopupFeature } from '../sign-out-popup';
import type { openTabChannel } from '../tab-channel';
import type { KeyValueStorage } from '../types';
import type { Clock } from './clock';

/** Settings of the engine plus what only the runtime uses. */
export interface RuntimeSettings extends EngineSettings {
  postLogoutRedirectUri: string | undefined;
  signals: readonly SessionSignal[];
  /** Opt-in: what `signOut({ mode: 'popup' })` needs (`signOutPopup()`). */
  signOutPopup: SignOutPopupFeature | undefined;
}

/** The outside world. */
export interface EngineDeps {
  port: SessionClientPort;
  createFrame: OpFrameFactory;
  /** Per-tab storage (loop breaker, fresh sign-in marker, sign-out state). */
  tabStorage: KeyValueStorage;
  /** Per-browser storage (the positive control's verdict). */
  browserStorage: KeyValueStorage;
  navigate: (url: string) => void;
  /** Sends the browser to `url` as a form POST of `params` (sign-out mode `post`). */
  postForm: (url: string, params: Record<string, string>) => void;
  /** `window.open` (sign-out mode `popup`); `null` when the browser blocked it. */
  openWindow: (url: string, features: string) => Window | null;
  /** Opens the channel to the other tabs of this app. */
  openChannel: typeof openTabChannel;
  /** Absent on the server: then the session stays `idle`. */
  window: (Window & typeof globalThis) | undefined;
  /** Web Locks for the leader election; without them every tab polls for itself. */
  locks: LockManager | undefined;
  /** Whether the OP answers at all (used by the opt-in `opProbe()`); `false` on a network failure. */
  probe: (url: string) => Promise<boolean>;
  /** Whether the app is on the same site as `opOrigin` (then the OP's cookie is first-party). */
  sameSite: (opOrigin: string) => boolean;
  clock: Clock;
}
