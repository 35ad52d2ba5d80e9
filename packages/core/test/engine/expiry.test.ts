// Expiry awareness as transitions: the deadlines in the view, `expiring` ahead of each, once per
// deadline, one timer. No DOM, no timers.
import { describe, expect, it } from 'vitest';
import type { PortUser } from '../../src/client-port';
import { expiryWarnings } from '../../src/expiry-warnings';
import { transition } from '../../src/engine/transition';
import { ALICE, feed, idle, NOTHING_STORED, NOW } from './table';

const MIN = 60000;
const TIMES: NonNullable<PortUser['times']> = {
  idToken: NOW + 60 * MIN,
  accessToken: NOW + 5 * MIN,
  authTime: NOW - 10 * MIN,
};

function withUser(times = TIMES, options = { warnBefore: MIN, opSessionMaxAge: 30 * MIN }) {
  let { state } = feed(idle({ expiry: expiryWarnings(options) }), [
    { type: 'start', hidden: false },
  ]);
  const t = transition(
    state,
    { type: 'user', run: state.run, user: { ...ALICE, times }, stored: NOTHING_STORED },
    NOW,
  );
  state = t.state;
  return { state, effects: t.effects };
}

describe('expiry warnings', () => {
  it('shows the three deadlines once a user is known, and arms one timer for the first warning', () => {
    const { state, effects } = withUser();
    expect(state.view.expiry).toEqual({
      idToken: NOW + 60 * MIN,
      accessToken: NOW + 5 * MIN,
      opSession: NOW + 20 * MIN,
    });
    expect(effects).toContainEqual({ type: 'expiry-timer', ms: 4 * MIN });
    expect(effects.filter((e) => e.type === 'emit')).toEqual([]);
  });

  it('fires expiring warnBefore ahead, once per deadline, then arms the next one', () => {
    const { state } = withUser();
    const t = transition(state, { type: 'expiry-timer' }, NOW + 4 * MIN);
    expect(t.effects).toContainEqual({
      type: 'emit',
      name: 'expiring',
      payload: { kind: 'accessToken', at: NOW + 5 * MIN },
    });
    expect(t.effects).toContainEqual({ type: 'expiry-timer', ms: 15 * MIN });
    // Another event at the same time does not warn again.
    const again = transition(t.state, { type: 'check-now' }, NOW + 4 * MIN + 1);
    expect(again.effects.filter((e) => e.type === 'emit' && e.name === 'expiring')).toEqual([]);
  });

  it('a renewal that moves a deadline warns again for the new one', () => {
    const { state } = withUser();
    const warned = transition(state, { type: 'expiry-timer' }, NOW + 4 * MIN).state;
    const renewed = { ...ALICE, times: { ...TIMES, accessToken: NOW + 10 * MIN } };
    const t = transition(warned, { type: 'user-loaded', user: renewed }, NOW + 4 * MIN + 1000);
    expect(t.state.view.expiry?.accessToken).toBe(NOW + 10 * MIN);
  });

  it('without opSessionMaxAge or auth_time the OP session deadline is unknown', () => {
    expect(withUser(TIMES, { warnBefore: MIN } as never).state.view.expiry?.opSession).toBeNull();
    expect(withUser({ ...TIMES, authTime: null }).state.view.expiry?.opSession).toBeNull();
  });

  it('a deadline already close when the user loads warns at once', () => {
    const { effects } = withUser({ ...TIMES, accessToken: NOW + 1000 });
    expect(effects).toContainEqual({
      type: 'emit',
      name: 'expiring',
      payload: { kind: 'accessToken', at: NOW + 1000 },
    });
  });

  it('clears the deadlines and the timer when the user goes', () => {
    const { state } = withUser();
    const t = transition(state, { type: 'sign-out' }, NOW + 1000);
    expect(t.state.view.expiry).toBeNull();
    expect(t.effects).toContainEqual({ type: 'expiry-timer', ms: null });
  });

  it('rejects bad options', () => {
    expect(() => expiryWarnings({ warnBefore: 0 })).toThrow(/warnBefore/);
    expect(() => expiryWarnings({ opSessionMaxAge: -1 })).toThrow(/opSessionMaxAge/);
  });
});
