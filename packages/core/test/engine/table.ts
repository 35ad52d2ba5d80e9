// Builders for the transition table tests: a state in a given phase, and a run of events.
import type { PortUser } from '../../src/client-port';
import type { EngineEvent, Stored } from '../../src/engine/events';
import { initialState, type EngineSettings, type SessionState } from '../../src/engine/state';
import { transition } from '../../src/engine/transition';
import type { Effect } from '../../src/engine/effects';

export const NOW = 1_700_000_000_000;

export const SETTINGS: EngineSettings = {
  checkInterval: 2000,
  hiddenCheckInterval: 10000,
  replyTimeout: 2000,
  frameTimeout: 10000,
  onError: 'keep',
  reauthLimit: 3,
  reauthWindow: 300000,
  retryDelay: 1000,
  maxRetryDelay: 60000,
  probeInterval: 60000,
  anonymous: undefined,
  probe: undefined,
  idle: undefined,
  expiry: undefined,
};

export const ALICE: PortUser = {
  sub: 'alice',
  sessionState: 'state-1',
  idToken: 'id-token',
  profile: { sub: 'alice', sid: 'sid-1', iss: 'https://op.example' },
};

export const NOTHING_STORED: Stored = { fresh: null, verdict: null, budget: [] };

/** A fresh state with these settings and Web Locks (`locks`). */
export function idle(cfg: Partial<EngineSettings> = {}, locks = false): SessionState {
  return initialState({ ...SETTINGS, ...cfg }, 'spa', 'tab-1', locks);
}

/** Feed `events` one after the other; returns the last state and every effect, in order. */
export function feed(state: SessionState, events: EngineEvent[], now = NOW) {
  const effects: Effect[] = [];
  for (const e of events) {
    const t = transition(state, e, now);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

/** A leader (no Web Locks) polling ALICE's session: active, poll timer armed. */
export function polling(cfg: Partial<EngineSettings> = {}, stored = NOTHING_STORED) {
  let { state } = feed(idle(cfg), [{ type: 'start', hidden: false }]);
  ({ state } = feed(state, [
    { type: 'user', run: state.run, user: ALICE, stored },
    {
      type: 'discovered',
      run: state.run,
      url: 'https://op.example/session/check',
      origin: 'https://op.example',
      failed: false,
    },
    { type: 'frame-loaded', run: state.run },
    { type: 'answer', answer: 'unchanged' },
  ]));
  return state;
}

export const types = (effects: readonly Effect[]) => effects.map((e) => e.type);
