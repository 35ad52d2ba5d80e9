// The demos' event timeline: what the session did, newest first, built only from the public API
// (snapshot changes, the session's events, the `crossTab` messages). Framework-free; each demo
// renders `getEntries()` and re-renders on `subscribe`.
import type { CheckAnswer, OidcSession, SessionSnapshot } from '@oidc-session/core';

/** What an entry is about; the stylesheet colours entries by it. */
export type TimelineKind = 'check' | 'status' | 'recheck' | 'tabs' | 'ended' | 'error';

/** One line of the timeline. Entries are immutable; a repeat of the newest bumps its `count`. */
export interface TimelineEntry {
  /** Unique and stable across re-renders (a list key). */
  readonly id: number;
  /** When it happened (the latest repeat), ms since epoch. */
  readonly at: number;
  readonly kind: TimelineKind;
  readonly text: string;
  /** How many times in a row it happened (quiet `unchanged` checks repeat every interval). */
  readonly count: number;
}

/** A live, bounded list of what the session did. */
export interface Timeline {
  /** Newest first; the same array until something happens. */
  getEntries(): readonly TimelineEntry[];
  /**
   * Be called after `getEntries()` changed: once per burst of events, in a task of its own.
   * Returns the unsubscribe function.
   */
  subscribe(listener: () => void): () => void;
}

/** How many entries a timeline keeps (older ones drop off the end). */
export const TIMELINE_LIMIT = 50;

const timelines = new WeakMap<OidcSession, Timeline>();

/**
 * The timeline of `session`, created on the first call. Call it once where the session is
 * created, before `start()`, so the first check and the sign-in callback are on it.
 */
export function timelineOf(session: OidcSession): Timeline {
  let timeline = timelines.get(session);
  if (!timeline) timelines.set(session, (timeline = createTimeline(session)));
  return timeline;
}

/** A short, readable name for a tab's random id. */
const tabName = (id: string) => `tab ${id.slice(0, 4)}`;

const ANSWER_TEXT: Record<CheckAnswer, string> = {
  unchanged: 'unchanged (the OP session is as it was)',
  changed: 'changed (something happened at the OP)',
  error: 'error (the OP iframe rejected the check)',
  timeout: 'no answer in time',
};

/** When the page has nothing else to do (within a second), or on the next task without rIC. */
const later = (run: () => void): void =>
  void (typeof requestIdleCallback === 'function'
    ? requestIdleCallback(run, { timeout: 1000 })
    : setTimeout(run, 0));

function createTimeline(session: OidcSession): Timeline {
  let entries: readonly TimelineEntry[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  let notifyPending = false;
  let prev: SessionSnapshot = session.getSnapshot();
  // The polling tab a follower heard last, and whether the `checked` that follows came from it.
  let leaderTab: string | null = null;
  let reportedBy: string | null = null;

  function add(kind: TimelineKind, text: string): void {
    const at = Date.now();
    const [newest, ...rest] = entries;
    entries =
      newest && newest.kind === kind && newest.text === text
        ? [{ ...newest, at, count: newest.count + 1 }, ...rest]
        : [{ id: nextId++, at, kind, text, count: 1 }, ...entries].slice(0, TIMELINE_LIMIT);
    // Tell the view once the page is idle, once for a burst of events: re-rendering the list inside
    // the session's event (a message from another tab, a check) delayed what the session does next,
    // e.g. the check a tab asks for when it is shown (tabs of one site share a main thread).
    if (notifyPending) return;
    notifyPending = true;
    later(() => {
      notifyPending = false;
      for (const listener of [...listeners]) listener();
    });
  }

  session.subscribe(() => {
    const next = session.getSnapshot();
    const was = prev;
    prev = next;
    if (next.isPolling && !was.isPolling) add('tabs', 'this tab now polls the OP for every tab');
    if (next.status === was.status && next.reason === was.reason) return;
    // `ended` comes with its own event (and its reason); the re-check's outcome too.
    if (next.status === 'ended') return;
    if (next.status === 'reauthenticating' && was.status !== 'reauthenticating') {
      const who = next.isPolling || !leaderTab ? 'this tab' : `${tabName(leaderTab)} (polling)`;
      return add('recheck', `silent re-check (prompt=none) started by ${who}`);
    }
    const reason = next.reason ? ` (${next.reason})` : '';
    const kind = next.status === 'error' ? 'error' : 'status';
    add(kind, `status ${next.status}${reason}`);
  });

  session.on('checked', ({ answer }) => {
    const by = reportedBy ? `${tabName(reportedBy)} polled` : 'this tab polled';
    reportedBy = null;
    add(answer === 'unchanged' ? 'check' : 'recheck', `check: ${ANSWER_TEXT[answer]}, ${by}`);
  });

  session.on('changed', () =>
    add('recheck', 'silent re-check result: same user, new session_state stored'),
  );

  session.on('ended', ({ reason }) => {
    const how =
      reason === 'backchannel-logout'
        ? "the app's backend got the OP's back-channel logout"
        : reason === 'frontchannel-logout'
          ? "the OP called the app's front-channel logout page"
          : reason === 'op-logout'
            ? 'silent re-check result: login required at the OP'
            : reason === 'user-switched'
              ? 'silent re-check result: another user at the OP'
              : `${reason}`;
    add('ended', `session ended: ${how} (${reason})`);
  });

  session.on('error', ({ reason }) => {
    // The other errors change the status, which is on the timeline already.
    if (reason === 'signal-failed')
      add('error', "back-channel events: the app's backend is not reachable");
  });

  session.on('opSession', ({ sub }) => add('status', `someone signed in at the OP (${sub})`));

  session.on('crossTab', ({ direction, type, tab, status, answer }) => {
    if (direction === 'received' && type === 'state' && tab) {
      if (tab !== leaderTab && !prev.isPolling)
        add('tabs', `${tabName(tab)} polls the OP; this tab follows it`);
      leaderTab = tab;
      reportedBy = answer ? tab : null;
      return;
    }
    if (type === 'state') return; // the leader's own reports: its checks are on the timeline
    if (type === 'activity') {
      return add(
        'tabs',
        direction === 'sent'
          ? 'user activity told to the other tabs (idle sign-out)'
          : 'user active in another tab (idle sign-out)',
      );
    }
    if (type === 'hello') {
      return add(
        'tabs',
        direction === 'sent'
          ? 'hello sent to the polling tab (joined, shown or hidden)'
          : `hello from ${tabName(tab ?? '?')}, which follows this tab`,
      );
    }
    add(
      'tabs',
      direction === 'sent' ? `told the other tabs: ${status}` : `another tab says: ${status}`,
    );
  });

  return {
    getEntries: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** `12:03:04.512`: local time with milliseconds (checks come every few seconds). */
export function timeText(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
