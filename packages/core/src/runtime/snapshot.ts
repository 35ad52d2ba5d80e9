// The public snapshot, derived from the engine's view: immutable, and the same object until
// something shown changes (what useSyncExternalStore, shallowRef and signals rely on).
import { IDLE_VIEW, type View } from '../engine/state';
import type { SessionSnapshot } from '../types';

export const IDLE: SessionSnapshot = Object.freeze({ ...IDLE_VIEW, since: null });

/** `prev` itself when `view` shows the same; else a new frozen snapshot (`since` on a new status). */
export function deriveSnapshot(view: View, prev: SessionSnapshot, now: number): SessionSnapshot {
  if (
    view.status === prev.status &&
    view.reason === prev.reason &&
    view.user === prev.user &&
    view.sessionState === prev.sessionState &&
    view.isPolling === prev.isPolling &&
    view.idle === prev.idle &&
    view.expiry === prev.expiry
  ) {
    return prev;
  }
  return Object.freeze({ ...view, since: view.status !== prev.status ? now : prev.since });
}
