// The one place where the engine meets the world. It queues events, runs each through the pure
// `transition`, publishes the snapshot derived from the new state, and performs the effects
// through the ports. Every async result comes back as an event tagged with the run that asked;
// results of a finished run are dropped here, once. Timers are keyed, on an injected clock.
import type { PortUser } from '../client-port';
import { createEmitter } from '../emitter';
import { log } from '../errors';
import type { Effect } from '../engine/effects';
import type { EngineEvent } from '../engine/events';
import { parseBudget } from '../engine/recheck';
import { initialState, type View } from '../engine/state';
import { transition } from '../engine/transition';
import { randomId } from '../nonce';
import { readJson } from '../storage';
import type { TabChannel } from '../tab-channel';
import type { SessionEventMap, SessionSnapshot } from '../types';
import type { EngineDeps, RuntimeSettings } from './deps';
import { createFrameHost, frameOrigin } from './frame-host';
import { requestLeadership } from './leader-lock';
import { createSignalsHost } from './signals-host';
import { deriveSnapshot, IDLE } from './snapshot';
import { zeroStats } from './stats';
import { createTimers } from './timers';

export type Runtime = ReturnType<typeof createRuntime>;

/** The runtime of one session: state, snapshot, listeners, and the effect runner. */
export function createRuntime(
  settings: RuntimeSettings,
  deps: EngineDeps,
  endAtOp: (user: PortUser | null, mode: 'redirect' | 'post') => void,
) {
  const { port, clock } = deps;
  const key = `oidc-session:${port.authority}|${port.clientId}:`;
  const events = createEmitter<SessionEventMap>();
  const listeners = new Set<() => void>();
  const stats = zeroStats();
  let state = initialState(settings, port.clientId, randomId(), !!deps.locks);
  let snapshot = IDLE;
  let lastCheckedAt: number | null = null;
  const timers = createTimers(clock);
  // The opt-in features' timers outlive monitoring runs (a halt clears `timers` only).
  const featureTimers = createTimers<'idle-timer' | 'expiry-timer'>(clock);
  const frame = createFrameHost(
    deps.window,
    deps.createFrame,
    () => state.step.at === 'check',
    (answer) => dispatch({ type: 'answer', answer }),
    () => stats.ignored++,
  );
  let removal: Promise<void> = Promise.resolve();
  let channel: TabChannel | null = null;
  const signals = createSignalsHost(settings.signals, dispatch, (cause) =>
    events.emit('error', { reason: 'signal-failed', cause }),
  );
  let unlock: (() => void) | null = null;
  let settleWaiters: Array<(s: SessionSnapshot) => void> = [];
  const queue: EngineEvent[] = [];
  let busy = false;

  /** Queue `event`; run the queue unless a run of it is under way (an effect dispatched). */
  function dispatch(event: EngineEvent): void {
    queue.push(event);
    if (busy) return;
    busy = true;
    try {
      for (let e = queue.shift(); e; e = queue.shift()) step(e);
    } finally {
      busy = false;
    }
  }

  function step(event: EngineEvent): void {
    // The single stale-result guard: a result of a run that has since stopped is dropped.
    if ('run' in event && event.run !== state.run) return;
    const prev = state;
    const next = transition(prev, event, clock.now());
    state = next.state;
    if (state.view !== prev.view) publish(state.view);
    for (const effect of next.effects) {
      // A port that throws (a sandboxed page's cookie or URL API, say) must not stop the others.
      try {
        perform(effect);
      } catch (err) {
        log(err);
      }
    }
  }

  /** Derive the snapshot; listeners hear of it only when something shown changed. */
  function publish(view: View): void {
    const prev = snapshot;
    snapshot = deriveSnapshot(view, prev, clock.now());
    if (snapshot === prev) return;
    for (const l of [...listeners]) {
      try {
        l();
      } catch (err) {
        log(err);
      }
    }
  }

  /** Run `work` and report its outcome as the event `toEvent` builds (run-tagged by the caller). */
  function report<T>(
    work: Promise<T>,
    toEvent: (value: T | undefined, failed: boolean) => EngineEvent,
  ) {
    work.then(
      (value) => dispatch(toEvent(value, false)),
      () => dispatch(toEvent(undefined, true)),
    );
  }

  function perform(fx: Effect): void {
    const run = state.run;
    switch (fx.type) {
      case 'get-user':
        return report(fx.held ? Promise.resolve(fx.held) : port.getUser().catch(log), (user) => ({
          type: 'user',
          run,
          user: user ?? null,
          stored: {
            fresh: deps.tabStorage.getItem(key + 'fresh'),
            verdict: deps.browserStorage.getItem(key + 'verdict'),
            budget: parseBudget(readJson(deps.tabStorage, key + 'reauth')),
          },
        }));
      case 'lock':
        unlock?.();
        unlock = deps.locks
          ? requestLeadership(
              deps.locks,
              key + 'leader:' + fx.sub,
              (leads) => dispatch({ type: 'lock', leads }),
              () => dispatch({ type: 'lock-granted', sub: fx.sub }),
            )
          : null;
        return;
      case 'unlock':
        unlock?.();
        unlock = null;
        return;
      case 'discover':
        return report(port.getCheckSessionIframe(), (url, failed) => ({
          type: 'discovered',
          run,
          url,
          origin: frameOrigin(url),
          failed,
        }));
      case 'load-frame':
        return report(frame.load(fx.url, fx.origin), () => ({ type: 'frame-loaded', run }));
      case 'remove-frame':
        return frame.remove();
      case 'post-check':
        stats.posted++;
        return frame.post(fx.message);
      case 'timer':
        return timers.set(fx.key, fx.ms, () => dispatch({ type: 'timer', run, key: fx.key }));
      case 'clear-timer':
        return timers.clear(fx.key);
      case 'clear-timers':
        return timers.clearAll();
      case 'silent-check':
        if (fx.reauth) stats.reauths++;
        return void port.silentCheck().then(
          (result) => dispatch({ type: 'silent', run, result }),
          (cause) => dispatch({ type: 'silent', run, result: null, cause }),
        );
      case 'store-session-state':
        return report(port.storeSessionState(fx.sessionState).catch(log), () => ({
          type: 'stored',
          run,
        }));
      case 'remove-user':
        removal = port.removeUser().catch(log);
        return report(removal, () => ({ type: 'removed' }));
      case 'probe':
        return report(deps.probe(frame.url() || port.authority), (ok) => ({
          type: 'probed',
          run,
          ok: !!ok,
        }));
      case 'same-site': {
        // Cannot tell (a sandboxed page without a usable origin): do not claim same-site.
        let sameSite = false;
        try {
          sameSite = deps.sameSite(fx.origin);
        } catch (err) {
          log(err);
        }
        return dispatch({ type: 'same-site', run, sameSite });
      }
      case 'post-tab':
        return channel?.post(fx.message);
      case 'write': {
        const storage = fx.key === 'verdict' ? deps.browserStorage : deps.tabStorage;
        if (fx.value === null) storage.removeItem(key + fx.key);
        else storage.setItem(key + fx.key, fx.value);
        return;
      }
      case 'idle-timer':
      case 'expiry-timer': {
        const type = fx.type;
        if (fx.ms === null) return featureTimers.clear(type);
        return featureTimers.set(type, fx.ms, () => dispatch({ type }));
      }
      case 'end-at-op':
        return endAtOp(fx.user, fx.mode);
      case 'start-signals':
        return signals.start(fx.user);
      case 'stop-signals':
        return signals.stop();
      case 'checked':
        if (fx.own) stats[fx.answer === 'timeout' ? 'timeouts' : fx.answer]++;
        lastCheckedAt = fx.at;
        return events.emit('checked', { answer: fx.answer, at: fx.at });
      case 'settle': {
        const waiting = settleWaiters;
        settleWaiters = [];
        for (const resolve of waiting) resolve(snapshot);
        return;
      }
      case 'emit':
        return events.emit(fx.name, fx.payload as never);
    }
  }

  return {
    dispatch,
    events,
    listeners,
    stats,
    getState: () => state,
    getSnapshot: () => snapshot,
    getLastCheckedAt: () => lastCheckedAt,
    openChannel(win: Window & typeof globalThis, name: string) {
      channel = deps.openChannel(win, name, (message) => dispatch({ type: 'tab', message }));
    },
    closeChannel() {
      channel?.close();
      channel = null;
    },
    /** Resolves with the snapshot when the current check cycle settles. */
    settled: () => new Promise<SessionSnapshot>((resolve) => settleWaiters.push(resolve)),
    /** The last user removal (resolved when none ever started). */
    removal: () => removal,
  };
}
