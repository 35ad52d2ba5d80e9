// The engine's one entry: `transition(state, event, now) -> { state, effects }`. Pure: no DOM, no
// timers, no promises. It routes each event to the module of its concern, then lets the leader
// report what changed to its followers.
import { Draft, type Transition } from './draft';
import type { EngineEvent } from './events';
import * as life from './lifecycle';
import { mirror, onHello, onLock, reportToFollowers } from './leadership';
import * as monitor from './monitor';
import { onSameSite } from './control';
import { onRecheck, onRecheckProbed, onStored, recheck } from './recheck';
import { dropUser, end, onRemoved, onUserUnloaded } from './sign-out';
import type { SessionState } from './state';
import type { TabMessage } from '../tab-messages';

export type { Transition } from './draft';

/** The next state and the effects to run, for `event` at time `now`. */
export function transition(state: SessionState, event: EngineEvent, now: number): Transition {
  const d = new Draft(state, now);
  route(d, event);
  d.s.cfg.idle?.sync(d);
  d.s.cfg.expiry?.sync(d, false);
  reportToFollowers(state, d);
  return { state: d.s, effects: d.fx };
}

function route(d: Draft, e: EngineEvent): void {
  const { step, cfg } = d.s;
  switch (e.type) {
    case 'start':
      return life.start(d, e.hidden);
    case 'stop':
      return life.stop(d);
    case 'check-now':
      return life.checkNow(d);
    case 'sign-out':
      return dropUser(d, 'signed-out', 'signed-out');
    case 'stay-active':
    case 'activity':
      return cfg.idle?.onActivity(d, e.type === 'stay-active');
    case 'idle-timer':
      return cfg.idle?.onTimer(d);
    case 'expiry-timer':
      return cfg.expiry?.sync(d, true);
    case 'signal-end':
      if (d.s.view.user?.sub === e.sub) end(d, e.reason);
      return;
    case 'wake':
      return life.wake(d, e.hidden);
    case 'freeze':
      return life.freeze(d);
    case 'resume':
      return life.resume(d);
    case 'user-loaded':
      return life.onUserLoaded(d, e.user);
    case 'user-unloaded':
      return onUserUnloaded(d);
    case 'renew-refused':
      // Works whatever the iframe says (also while `unsupported`): the OP refused a silent renew.
      if (d.s.started && d.s.view.user) end(d, 'op-logout');
      return;
    case 'tab':
      return onTab(d, e.message);
    case 'answer':
      return monitor.onAnswer(d, e.answer);
    case 'timer':
      return onTimer(d, e.key);
    case 'user':
      if (step.at === 'user') monitor.onUser(d, e.user, e.stored);
      return;
    case 'lock':
      onLock(d, e.leads);
      if (step.at === 'lock') monitor.proceed(d, e.leads ? 'leader' : 'follower');
      return;
    case 'lock-granted':
      return life.onLockGranted(d, e.sub);
    case 'discovered':
      if (step.at === 'discovery') monitor.onDiscovered(d, e.url, e.origin, e.failed);
      if (step.at === 'no-state-cause') monitor.onNoStateCause(d, e.url, e.failed);
      if (step.at === 'anon-discovery') cfg.anonymous?.onDiscovered(d, e.url, e.origin, e.failed);
      return;
    case 'frame-loaded':
      return monitor.onFrameLoaded(d);
    case 'silent':
      if (step.at === 'recheck') onRecheck(d, e.result, e.cause);
      if (step.at === 'anon') cfg.anonymous?.onSilent(d, e.result);
      return;
    case 'stored':
      if (step.at === 'store') onStored(d, step.sessionState);
      return;
    case 'removed':
      return onRemoved(d);
    case 'probed':
      if (step.at === 'recheck-probe') return onRecheckProbed(d, e.ok, step.cause);
      return cfg.probe?.onProbed(d, e.ok);
    case 'same-site':
      return onSameSite(d, e.sameSite);
    default:
      e satisfies never;
  }
}

function onTimer(d: Draft, key: (EngineEvent & { type: 'timer' })['key']): void {
  const step = d.s.step;
  switch (key) {
    case 'poll':
      return monitor.poll(d);
    case 'frame':
    case 'reply':
      return monitor.onTimeout(d, key);
    case 'probe':
      return d.s.cfg.probe?.onTimer(d);
    case 'retry':
      if (step.at !== 'retry') return;
      if (step.loop === 'discovery') return monitor.begin(d);
      if (step.loop === 'recheck') return recheck(d, false);
      return d.s.cfg.anonymous?.begin(d);
    default:
      key satisfies never;
  }
}

/** A message from another tab of this app about our user. */
function onTab(d: Draft, m: TabMessage): void {
  const user = d.s.view.user;
  if (!user || (m.sub !== null && m.sub !== user.sub)) return;
  switch (m.type) {
    case 'end':
      return m.status === 'ended'
        ? end(d, m.reason, true)
        : dropUser(d, 'signed-out', m.reason, true);
    case 'hello':
      return onHello(d, m, monitor.pollNow);
    case 'state':
      return mirror(d, m);
    case 'activity':
      return d.s.cfg.idle?.onTabActivity(d, m.at);
    default:
      m satisfies never;
  }
}
