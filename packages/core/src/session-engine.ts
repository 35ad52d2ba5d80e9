// The session state machine: elects one leader tab per browser and user, which loads the OP
// iframe, polls it, re-checks silently on `changed` and reports every check to the other tabs;
// followers mirror it. Ends or keeps the session, and runs the RP-initiated sign-out.
// Framework-free; everything that touches the outside world comes in through `EngineDeps` so unit
// tests can script it.
import type { PortUser, SessionClientPort } from './client-port';
import { createEmitter } from './emitter';
import { OidcSessionError } from './errors';
import type { OpFrame, OpFrameFactory } from './op-frame';
import { createReauthBudget } from './reauth-budget';
import { SIGNOUT_KEY } from './sign-out-callback';
import type { SessionSignal } from './signals';
import {
  channelName,
  type openTabChannel,
  type StateMessage,
  type TabChannel,
  type TabMessage,
} from './tab-channel';
import type {
  CheckAnswer,
  KeyValueStorage,
  SessionEventMap,
  SessionReason,
  SessionSnapshot,
  SessionStats,
  SessionUser,
  SignOutOptions,
} from './types';
import type { OidcSession } from './oidc-session';

/** Timing and policy options, all resolved to numbers. */
export interface EngineSettings {
  checkInterval: number;
  hiddenCheckInterval: number;
  replyTimeout: number;
  frameTimeout: number;
  onError: 'keep' | 'sign-out';
  reauthLimit: number;
  reauthWindow: number;
  retryDelay: number;
  maxRetryDelay: number;
  probeInterval: number;
  anonymous: boolean;
  postLogoutRedirectUri: string | undefined;
  signals: readonly SessionSignal[];
}

/** The outside world. */
export interface EngineDeps {
  port: SessionClientPort;
  createFrame: OpFrameFactory;
  /** Per-tab storage (loop breaker, fresh sign-in marker, sign-out state). */
  tabStorage: KeyValueStorage;
  /** Per-browser storage (the third-party-cookie verdict). */
  browserStorage: KeyValueStorage;
  navigate: (url: string) => void;
  /** Opens the channel to the other tabs of this app. */
  openChannel: typeof openTabChannel;
  /** Absent on the server: then the session stays `idle`. */
  window: (Window & typeof globalThis) | undefined;
  /** Web Locks for the leader election; without them every tab polls for itself. */
  locks: LockManager | undefined;
  /** Whether the OP answers at all (a cheap request); `false` on a network failure. */
  probe: (url: string) => Promise<boolean>;
  /** Whether the app is on the same site as `opOrigin` (then the OP's cookie is first-party). */
  sameSite: (opOrigin: string) => boolean;
}

/** Silent re-checks that may time out while the OP answers other requests, then `error`. */
const SILENT_TIMEOUTS = 3;
/** Longest time in `reauthenticating` while the OP answers other requests. */
const REAUTH_DEADLINE = 60000;

const log = (err: unknown) => console.error('[oidc-session]', err);
const ANSWERS = new Set<string>(['unchanged', 'changed', 'error']);

const IDLE: SessionSnapshot = Object.freeze({
  status: 'idle',
  reason: null,
  user: null,
  sessionState: null,
  since: null,
  isPolling: false,
});

function toSessionUser(user: PortUser): SessionUser {
  const p = user.profile;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { sub: user.sub, sid: str(p.sid), name: str(p.name), email: str(p.email), profile: p };
}

function randomState(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    (b + 256).toString(16).slice(1),
  ).join('');
}

/** Build the engine. `createOidcSession` is the public way in. */
export function createSessionEngine(settings: EngineSettings, deps: EngineDeps): OidcSession {
  const { port, window: win } = deps;
  const key = `oidc-session:${port.authority}|${port.clientId}:`;
  const budget = createReauthBudget(
    deps.tabStorage,
    key + 'reauth',
    settings.reauthLimit,
    settings.reauthWindow,
  );
  const events = createEmitter<SessionEventMap>();
  const listeners = new Set<() => void>();
  const stats = {
    posted: 0,
    unchanged: 0,
    changed: 0,
    error: 0,
    timeouts: 0,
    ignored: 0,
    reauths: 0,
  };

  let snapshot: SessionSnapshot = IDLE;
  let started = false;
  let disposed = false;
  let gen = 0; // bumped whenever the current run must stop; async continuations compare it
  let current: PortUser | null = null;
  let frame: OpFrame | null = null;
  let opOrigin = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: ((answer: CheckAnswer) => void) | null = null;
  let backoff = 0;
  let removingUser = false;
  let lastCheckedAt: number | null = null;
  let channel: TabChannel | null = null;
  let unwatchSignals: Array<() => void> = [];
  // Leader election: one poller per browser and user.
  const tabId = randomState();
  let lockSub: string | null = null; // the user whose leader lock this tab holds or waits for
  let leader = false;
  let unlock: (() => void) | null = null;
  let leaderTab: string | null = null; // followers: the tab that reports to us
  const visiblePeers = new Set<string>(); // leader: follower tabs that are visible
  // OP reachability: the loaded iframe answers even while the OP is down, so a probe watches it.
  let frameUrl = '';
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let outage = false;
  let settleTruth = false; // the OP came back: the next quiet answer is confirmed by a re-check
  let anonState: string | null = null; // anonymous monitoring: the OP's session_state without a user
  let silentTimeouts = 0; // silent re-checks of this episode that failed while the OP answered
  let reauthSince = 0;

  function stopSignals(): void {
    for (const stop of unwatchSignals.splice(0)) stop();
  }
  let waiters: Array<(s: SessionSnapshot) => void> = [];

  function set(patch: Partial<SessionSnapshot>): void {
    const prev = snapshot;
    const next = { ...prev, ...patch };
    if (next.status !== prev.status) next.since = Date.now();
    const keys = Object.keys(next) as Array<keyof SessionSnapshot>;
    if (keys.every((k) => next[k] === prev[k])) return;
    snapshot = Object.freeze(next);
    if (
      next.status !== prev.status ||
      next.reason !== prev.reason ||
      next.sessionState !== prev.sessionState
    ) {
      broadcast(null);
    }
    for (const l of [...listeners]) {
      try {
        l();
      } catch (err) {
        log(err);
      }
    }
  }

  /** A check cycle finished or the run came to rest: resolve `checkNow` callers. */
  function settle(): void {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve(snapshot);
  }

  function onMessage(e: MessageEvent): void {
    // Only the OP iframe's window, from the OP origin, with one of the three strings, while a check
    // is in flight. Anything else is counted and dropped, never thrown on.
    if (
      e.origin === opOrigin &&
      e.source === frame?.window &&
      e.source &&
      typeof e.data === 'string' &&
      ANSWERS.has(e.data) &&
      inFlight
    ) {
      return inFlight(e.data as CheckAnswer);
    }
    stats.ignored++;
  }

  /** Leader: tell the followers where things stand (after a check: with its answer). */
  function broadcast(answer: CheckAnswer | null): void {
    const { status, reason, sessionState } = snapshot;
    if (
      leader &&
      deps.locks &&
      lockSub &&
      /^(starting|active|reauth|unsupported|error)/.test(status)
    ) {
      channel?.post({
        type: 'state',
        tab: tabId,
        sub: lockSub,
        status: status as StateMessage['status'],
        reason,
        sessionState,
        answer,
      });
    }
  }

  /** Follower: tell the leader we joined, show or hide; `check` asks for a check now. */
  function hello(check: boolean, visible = win?.document.visibilityState !== 'hidden'): void {
    if (!leader && lockSub)
      channel?.post({ type: 'hello', tab: tabId, sub: lockSub, visible, check });
  }

  /**
   * Become a candidate leader for `sub`'s session. Resolves `true` when this tab leads now; a tab
   * that must wait is queued and takes over (`takeover`) when the leader closes, freezes or drops
   * the user. Without Web Locks every tab leads itself.
   */
  function elect(sub: string): Promise<boolean> {
    if (lockSub === sub) return Promise.resolve(leader);
    resign();
    lockSub = sub;
    const locks = deps.locks;
    if (!locks) return Promise.resolve((leader = true));
    const name = key + 'leader:' + sub;
    const abort = new AbortController();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    unlock = () => {
      abort.abort();
      release();
    };
    const mine = () => lockSub === sub && !abort.signal.aborted;
    return new Promise<boolean>((resolve) => {
      locks
        .request(name, { ifAvailable: true }, (lock) => {
          if (lock && mine()) {
            leader = true;
            resolve(true);
            return held;
          }
          resolve(false);
          if (!mine()) return;
          locks
            .request(name, { signal: abort.signal }, () => {
              if (!mine()) return;
              leader = true;
              if (started) void run(halt(), true, true);
              return held;
            })
            .catch(() => {}); // aborted while waiting
        })
        .catch(() => resolve(false));
    });
  }

  /** Give up leading (or waiting to lead); the next tab in the queue takes over. */
  function resign(): void {
    unlock?.();
    unlock = leaderTab = lockSub = null;
    leader = false;
    visiblePeers.clear();
  }

  function teardown(): void {
    clearTimeout(timer);
    clearTimeout(probeTimer);
    timer = undefined;
    inFlight?.('timeout');
    if (frame) {
      win?.removeEventListener('message', onMessage);
      frame.remove();
      frame = null;
    }
  }

  /** Stop whatever runs now; its pending continuations will see a newer generation. */
  function halt(): number {
    teardown();
    return ++gen;
  }

  function wait<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve('timeout'), ms);
      promise.then((v) => {
        clearTimeout(t);
        resolve(v);
      });
    });
  }

  /** Post one check; exactly one in flight. */
  function check(timeout: number): Promise<CheckAnswer> {
    return new Promise((resolve) => {
      const t = setTimeout(() => finish('timeout'), timeout);
      const finish = (answer: CheckAnswer) => {
        clearTimeout(t);
        inFlight = null;
        resolve(answer);
      };
      inFlight = finish;
      stats.posted++;
      frame!.post(`${port.clientId} ${current?.sessionState ?? anonState}`, opOrigin);
    });
  }

  function nextRetryDelay(): number {
    return (backoff = Math.min(
      backoff ? backoff * 2 : settings.retryDelay,
      settings.maxRetryDelay,
    ));
  }

  /** The visible interval while this tab or any follower is visible, the hidden one otherwise. */
  function interval(): number {
    const { checkInterval: visible, hiddenCheckInterval: hidden } = settings;
    return win?.document.visibilityState === 'hidden' && !visiblePeers.size
      ? Math.max(hidden, visible)
      : visible;
  }

  /**
   * Leader: probe the OP now and then. During an outage the status says `op-unreachable` and the
   * iframe keeps answering from its cookie; when the OP is back, a silent re-check settles what
   * happened meanwhile (an OP restart may have forgotten the session without touching the cookie).
   */
  function probeLater(g: number): void {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(
      async () => {
        const ok = await deps.probe(frameUrl);
        if (g !== gen) return;
        if (!ok && !outage) {
          outage = true;
          set({ reason: 'op-unreachable' });
        } else if (ok && outage) {
          outage = false;
          settleTruth = true;
          pollNow();
        }
        probeLater(g);
      },
      outage ? settings.checkInterval : settings.probeInterval,
    );
  }

  /** Check now if a poll can run (active, iframe loaded, nothing in flight). */
  function pollNow(): boolean {
    if (snapshot.status !== 'active' || !frame || inFlight) return false;
    clearTimeout(timer);
    void poll(gen);
    return true;
  }

  function schedule(g: number, delay = interval()): void {
    clearTimeout(timer);
    timer = setTimeout(() => void poll(g), delay);
  }

  function toRest(status: 'unsupported' | 'error', reason: SessionReason, cause?: unknown): void {
    halt();
    set({ status, reason, isPolling: false });
    if (status === 'unsupported') events.emit('unsupported', { reason });
    else events.emit('error', { reason, cause });
    settle();
  }

  /**
   * Stop monitoring, tell the other tabs (unless they told us), remove the local user, and rest in
   * `status` (ended or signed-out).
   */
  async function dropUser(
    status: 'ended' | 'signed-out',
    reason: SessionReason,
    fromTab?: boolean,
  ): Promise<void> {
    halt();
    stopSignals();
    if (!fromTab)
      channel?.post({
        type: 'end',
        status,
        reason,
        sub: current?.sub ?? snapshot.user?.sub ?? null,
      });
    // After the `end` message: the next leader should hear it before it looks for a user.
    resign();
    current = null;
    removingUser = true;
    try {
      await port.removeUser();
    } catch (err) {
      log(err);
    }
    removingUser = false;
    set({ status, reason, user: null, sessionState: null, isPolling: false });
    settle();
  }

  async function end(reason: SessionReason, fromTab?: boolean): Promise<void> {
    const user = snapshot.user;
    await dropUser('ended', reason, fromTab);
    events.emit('ended', { reason, user });
  }

  async function fail(reason: SessionReason, cause?: unknown): Promise<void> {
    toRest('error', reason, cause);
    if (settings.onError === 'sign-out') await dropUser('signed-out', reason);
  }

  /**
   * Load the user, elect, and (leader) load the OP iframe. `keep`: do not show `starting`.
   * `takeover`: this follower just got the lock; it keeps the user it holds (a store shared by
   * the tabs may already be empty because the old leader is ending the session; its `end`
   * message is on the way and must find the user here).
   */
  async function run(g: number, keep?: boolean, takeover?: boolean): Promise<void> {
    if (!keep) set({ status: 'starting', reason: null, isPolling: false });
    let user: PortUser | null = takeover ? current : null;
    try {
      user ??= await port.getUser();
    } catch (err) {
      log(err);
    }
    if (g !== gen) return;
    current = user;
    anonState = null;
    if (!user) {
      resign();
      set({ status: 'signed-out', user: null, sessionState: null });
      return settings.anonymous ? watchAnonymous(g) : settle();
    }
    const sessionUser = toSessionUser(user);
    set({ user: sessionUser, sessionState: user.sessionState });
    stopSignals();
    unwatchSignals = settings.signals.map((signal) =>
      signal({
        user: sessionUser,
        end: (reason) => void (snapshot.user?.sub === sessionUser.sub && end(reason)),
        error: (cause) => events.emit('error', { reason: 'signal-failed', cause }),
      }),
    );
    if (!user.sessionState) {
      resign();
      // An OP without Session Management sends no session_state either (oidc-provider >= 7,
      // Auth0, Zitadel, ...): name that cause. Discovery failing leaves the reason we are sure of.
      const iframe = await port.getCheckSessionIframe().catch(() => '');
      if (g !== gen) return;
      return toRest(
        'unsupported',
        iframe === undefined ? 'no-check-session-iframe' : 'no-session-state',
      );
    }
    // An earlier positive control in this browser failed; a fresh sign-in runs it again.
    const verdict = deps.browserStorage.getItem(key + 'verdict');
    if ((verdict === 'blocked' || verdict === 'broken') && !isFresh(user)) {
      resign();
      return toRest(
        'unsupported',
        verdict === 'broken' ? 'op-iframe-broken' : 'third-party-cookies-blocked',
      );
    }
    const leads = await elect(user.sub);
    if (g !== gen) return;
    if (!leads) {
      // Follower: the leader's reports drive the status; say hello so it reports at once.
      set({ isPolling: false });
      return hello(true);
    }
    let url: string | undefined;
    try {
      url = await port.getCheckSessionIframe();
    } catch {
      if (g !== gen) return;
      set({ reason: 'op-unreachable' });
      timer = setTimeout(() => void run(g), nextRetryDelay());
      return settle();
    }
    if (g !== gen) return;
    try {
      opOrigin = url ? new URL(url).origin : '';
    } catch {
      opOrigin = '';
    }
    if (!opOrigin || opOrigin === 'null') return toRest('unsupported', 'no-check-session-iframe');
    frameUrl = url!;
    outage = settleTruth = false;
    const answer = await loadFrame(url!);
    if (g !== gen) return;
    if (answer === 'timeout') return toRest('unsupported', 'iframe-timeout');
    set({ isPolling: true });
    probeLater(g);
    await handleAnswer(g, answer, true);
  }

  /** Load the OP iframe and post the first check; `timeout` if it does not load or answer. */
  async function loadFrame(url: string): Promise<CheckAnswer> {
    const deadline = Date.now() + settings.frameTimeout;
    win!.addEventListener('message', onMessage);
    frame = deps.createFrame(url);
    const loaded = await wait(frame.loaded, settings.frameTimeout);
    return loaded === 'timeout' || !frame
      ? 'timeout'
      : check(Math.max(deadline - Date.now(), settings.replyTimeout));
  }

  /**
   * Anonymous monitoring (option `anonymous`): no user in this app, so ask the OP silently for
   * its session_state (a `login_required` answer carries one) and watch that. A `changed` asks
   * again: a session found means someone signed in at the OP (reason `op-session`, event
   * `opSession`); the app may offer to continue. Per tab, charged to the loop breaker; any
   * trouble ends it quietly.
   */
  async function watchAnonymous(g: number): Promise<void> {
    settle();
    if (!budget.take(Date.now())) return;
    let result;
    try {
      result = await port.silentCheck();
    } catch {
      if (g === gen) timer = setTimeout(() => void watchAnonymous(g), nextRetryDelay());
      return;
    }
    if (g !== gen || result.kind === 'rejected' || !result.sessionState) return;
    backoff = 0;
    anonState = result.sessionState;
    const sub = result.kind === 'session' ? result.sub : null;
    set({ reason: sub ? 'op-session' : null, sessionState: anonState });
    if (sub) events.emit('opSession', { sub });
    if (!frame) {
      let url: string | undefined;
      try {
        url = await port.getCheckSessionIframe();
        opOrigin = new URL(url!).origin;
      } catch {
        return;
      }
      if (g !== gen) return;
      const answer = await loadFrame(url!);
      if (g !== gen) return;
      if (answer !== 'unchanged') return teardown();
      record(answer);
    }
    schedule(g);
  }

  /**
   * Whether `user` was just issued: marked when it loaded in this tab, or an ID Token issued in
   * the last minute (a callback page that finished before the session existed).
   */
  function isFresh(user: PortUser): boolean {
    const iat = user.profile.iat;
    return (
      !!user.sessionState &&
      (deps.tabStorage.getItem(key + 'fresh') === user.sessionState ||
        (typeof iat === 'number' && Date.now() / 1000 - iat < 60))
    );
  }

  function record(answer: CheckAnswer): void {
    stats[answer === 'timeout' ? 'timeouts' : answer]++;
    events.emit('checked', { answer, at: (lastCheckedAt = Date.now()) });
    broadcast(answer);
  }

  async function poll(g: number): Promise<void> {
    if (g !== gen || !frame || inFlight) return;
    const answer = await check(settings.replyTimeout);
    if (g !== gen) return;
    if (answer === 'timeout') {
      // The loaded iframe went quiet: transient, never a logout. Retry with backoff.
      record(answer);
      schedule(g, nextRetryDelay());
      return settle();
    }
    await handleAnswer(g, answer, false);
  }

  async function handleAnswer(g: number, answer: Exclude<CheckAnswer, 'timeout'>, first: boolean) {
    record(answer);
    if (!current) {
      // Anonymous monitoring.
      if (answer === 'unchanged') schedule(g);
      else if (answer === 'changed') return watchAnonymous(g);
      else teardown();
      return settle();
    }
    // Positive control: a session_state we just received must be `unchanged`. Anything else means
    // the OP iframe cannot read its own cookie here (third-party cookies blocked or partitioned).
    const control = first && isFresh(current!);
    if (first) deps.tabStorage.removeItem(key + 'fresh');
    if (answer === 'unchanged' && settleTruth) {
      settleTruth = false;
      return reauth(g, false);
    }
    settleTruth = false;
    if (answer === 'unchanged') {
      if (control) deps.browserStorage.setItem(key + 'verdict', 'works');
      backoff = 0;
      set({ status: 'active', reason: outage ? 'op-unreachable' : null, isPolling: true });
      schedule(g);
      return settle();
    }
    if (control) {
      // Same-site the iframe reads a first-party cookie: then the OP's iframe is what fails.
      const broken = deps.sameSite(opOrigin);
      deps.browserStorage.setItem(key + 'verdict', broken ? 'broken' : 'blocked');
      return toRest('unsupported', broken ? 'op-iframe-broken' : 'third-party-cookies-blocked');
    }
    // `error`: the spec forbids a prompt=none retry; it is how request loops start.
    if (answer === 'error') return fail('op-error');
    await reauth(g, true);
  }

  async function reauth(g: number, fresh: boolean): Promise<void> {
    // Retries after a failure are paced by backoff and not charged to the loop breaker.
    if (fresh && !budget.take(Date.now())) return fail('reauth-loop');
    if (fresh || snapshot.status !== 'reauthenticating') {
      silentTimeouts = 0;
      reauthSince = Date.now();
    }
    set({ status: 'reauthenticating', reason: fresh ? null : snapshot.reason });
    stats.reauths++;
    let result;
    try {
      result = await port.silentCheck();
    } catch (err) {
      if (g !== gen) return;
      // The silent request failed or timed out. Only a failed probe means the OP is unreachable;
      // an OP that answers other requests but never this one (a login page that refuses to be
      // framed instead of `login_required`) gets a few tries, then `error`: each try may leave
      // state at the OP, and waiting longer tells nothing new.
      const reachable = await deps.probe(frameUrl || port.authority);
      if (g !== gen) return;
      if (
        reachable &&
        (++silentTimeouts >= SILENT_TIMEOUTS || Date.now() - reauthSince >= REAUTH_DEADLINE)
      ) {
        return fail('reauth-timeout', err);
      }
      if (!reachable) reauthSince = Date.now(); // the minute counts while the OP answers
      set({ reason: reachable ? null : 'op-unreachable' });
      timer = setTimeout(() => void reauth(g, false), nextRetryDelay());
      return settle();
    }
    if (g !== gen) return;
    backoff = 0;
    if (result.kind === 'rejected') return fail('reauth-rejected', result);
    if (result.kind === 'login-required' || result.sub !== current!.sub) {
      // A re-check that ended the session was no loop: the next session starts with a full budget.
      budget.reset();
      return end(result.kind === 'login-required' ? 'op-logout' : 'user-switched');
    }
    try {
      await port.storeSessionState(result.sessionState);
    } catch (err) {
      log(err);
    }
    if (g !== gen) return;
    current = { ...current!, sessionState: result.sessionState };
    const user = snapshot.user!;
    set({ status: 'active', reason: null, sessionState: result.sessionState });
    events.emit('changed', { sessionState: result.sessionState, user });
    schedule(g);
    settle();
  }

  function restart(keep?: boolean): void {
    void run(halt(), keep);
  }

  function onWake(): void {
    const hidden = win?.document.visibilityState === 'hidden';
    if (!leader && lockSub) return hello(!hidden);
    if (!hidden) pollNow();
  }

  function onUserLoaded(user: PortUser): void {
    // A session_state we have not seen was just issued: it is the one to run the control on.
    if (user.sessionState && user.sessionState !== current?.sessionState) {
      deps.tabStorage.setItem(key + 'fresh', user.sessionState);
    }
    // A renew that kept the user and the OP session (refresh token, same session_state) changes
    // nothing the monitor watches: keep the iframe and the poll going.
    if (current && user.sub === current.sub && user.sessionState === current.sessionState) {
      current = user;
      return;
    }
    if (started) restart();
  }

  function onUserUnloaded(): void {
    if (removingUser || !started) return;
    halt();
    resign();
    current = null;
    set({
      status: 'signed-out',
      reason: 'signed-out',
      user: null,
      sessionState: null,
      isPolling: false,
    });
    settle();
  }

  /** A message from another tab of this app about our user: follow it. */
  function onTabMessage(m: TabMessage): void {
    const user = snapshot.user;
    if (!user || (m.sub !== null && m.sub !== user.sub)) return;
    if (m.type === 'end') {
      if (m.status === 'ended') void end(m.reason, true);
      else void dropUser('signed-out', m.reason, true);
    } else if (m.type === 'hello') {
      if (!leader) return;
      if (m.visible) visiblePeers.add(m.tab);
      else visiblePeers.delete(m.tab);
      if (!(m.check && pollNow())) broadcast(null);
    } else if (!leader && lockSub === m.sub) follow(m);
  }

  /** Follower: mirror the leader's report. */
  function follow(m: StateMessage): void {
    if (m.tab !== leaderTab) {
      // A new leader knows nothing of this tab yet.
      leaderTab = m.tab;
      if (win?.document.visibilityState !== 'hidden') hello(false);
    }
    if (m.sessionState && current && m.sessionState !== current.sessionState) {
      // The leader's silent re-check got a new session_state for our user: adopt it.
      current = { ...current, sessionState: m.sessionState };
      port.storeSessionState(m.sessionState).catch(log);
      set({ sessionState: m.sessionState });
      events.emit('changed', { sessionState: m.sessionState, user: snapshot.user! });
    }
    const was = snapshot.status;
    set({ status: m.status, reason: m.reason, isPolling: false });
    if (m.status !== was) {
      if (m.status === 'unsupported') events.emit('unsupported', { reason: m.reason! });
      if (m.status === 'error') events.emit('error', { reason: m.reason! });
    }
    if (m.answer) events.emit('checked', { answer: m.answer, at: (lastCheckedAt = Date.now()) });
    if (m.answer || !/^(starting|reauth)/.test(m.status)) settle();
  }

  /** Page lifecycle: a frozen leader hands over; a closing or frozen follower is not visible. */
  function onFreeze(): void {
    if (!leader) return hello(false, false);
    resign();
    halt();
    set({ isPolling: false });
  }

  function onResume(e: Event): void {
    if (snapshot.user && (e as PageTransitionEvent).persisted !== false) restart(true);
  }

  const wakeEvents = ['visibilitychange', 'focus', 'online'] as const;
  const pageEvents = [
    ['freeze', onFreeze],
    ['pagehide', onFreeze],
    ['resume', onResume],
    ['pageshow', onResume],
  ] as const;

  // Watch from creation, so a sign-in finished before start() still marks its session fresh.
  const unwatchUser = port.watchUser(onUserLoaded, onUserUnloaded, () => {
    // Works whatever the iframe says (also while `unsupported`): the OP refused a silent renew.
    if (started && snapshot.user) void end('op-logout');
  });

  const session: OidcSession = {
    getSnapshot: () => snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    on(name, handler) {
      return events.on(name, handler);
    },
    getStats: (): SessionStats => ({ ...stats }),
    getLastCheckedAt: () => lastCheckedAt,
    start() {
      if (started || disposed || !win) return;
      started = true;
      // visibilitychange is fired at the document and bubbles to the window.
      for (const type of wakeEvents) win.addEventListener(type, onWake);
      // freeze/resume are fired at the document: capture them on the way down through the window.
      for (const [type, handler] of pageEvents) win.addEventListener(type, handler, true);
      channel = deps.openChannel(win, channelName(port.authority, port.clientId), onTabMessage);
      restart();
    },
    stop() {
      if (!started) return;
      started = false;
      halt();
      stopSignals();
      resign();
      for (const type of wakeEvents) win!.removeEventListener(type, onWake);
      for (const [type, handler] of pageEvents) win!.removeEventListener(type, handler, true);
      channel?.close();
      channel = null;
      set({ status: 'idle', reason: null, isPolling: false });
      settle();
    },
    dispose() {
      if (disposed) return;
      session.stop();
      unwatchUser();
      disposed = true;
      events.clear();
      listeners.clear();
    },
    checkNow() {
      if (!win || disposed) return Promise.resolve(snapshot);
      const result = new Promise<SessionSnapshot>((resolve) => waiters.push(resolve));
      const { status } = snapshot;
      if (!started) session.start();
      else if (!leader && lockSub) hello(true);
      else if (!pollNow() && !/^(starting|reauth|active)/.test(status)) restart();
      return result;
    },
    async signIn(args) {
      await port.signinRedirect(args);
    },
    async signOut(options: SignOutOptions = {}) {
      const user = current ?? (await port.getUser().catch(() => null));
      await dropUser('signed-out', 'signed-out');
      if (options.mode === 'local') return;
      const endpoint = await port.getEndSessionEndpoint();
      if (!endpoint) {
        throw new OidcSessionError(
          'no-end-session-endpoint',
          'No end_session_endpoint: signed out locally only.',
        );
      }
      const state = randomState();
      deps.tabStorage.setItem(
        SIGNOUT_KEY + state,
        JSON.stringify({ at: Date.now(), appState: options.appState ?? null }),
      );
      const url = new URL(endpoint);
      const params: Record<string, string | undefined> = {
        id_token_hint: user?.idToken,
        client_id: port.clientId,
        post_logout_redirect_uri: options.postLogoutRedirectUri ?? settings.postLogoutRedirectUri,
        state,
        ui_locales: options.uiLocales,
        logout_hint: options.logoutHint,
        ...options.extraQueryParams,
      };
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
      deps.navigate(url.href);
    },
  };
  return session;
}
