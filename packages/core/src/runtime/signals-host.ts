// Runs the app's extra signals (`signals` option) while a user is held: each gets the user and a
// way to end the session (an engine event) or to report its own failure (an `error` event).
import type { EngineEvent } from '../engine/events';
import type { SessionSignal } from '../signals';
import type { SessionUser } from '../types';

export function createSignalsHost(
  signals: readonly SessionSignal[],
  dispatch: (e: EngineEvent) => void,
  onError: (cause: unknown) => void,
) {
  let running: Array<() => void> = [];
  return {
    start(user: SessionUser): void {
      running = signals.map((signal) =>
        signal({
          user,
          end: (reason) => dispatch({ type: 'signal-end', reason, sub: user.sub }),
          error: onError,
        }),
      );
    },
    stop(): void {
      for (const stop of running.splice(0)) stop();
    },
  };
}
