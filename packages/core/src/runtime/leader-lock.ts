// The leader election's lock (Web Locks API): one lock per issuer, client and user. A tab asks
// without waiting first; if the lock is taken it answers "follow" and queues, and is told when
// the lock comes to it (the leader closed, froze or let go).

/**
 * Ask for lock `name`. `onAnswer(leads)` is called once with the first answer; `onGranted()` when
 * a queued request gets the lock later. Returns the release: it lets go of the lock or leaves
 * the queue, and silences both callbacks.
 */
export function requestLeadership(
  locks: LockManager,
  name: string,
  onAnswer: (leads: boolean) => void,
  onGranted: () => void,
): () => void {
  const abort = new AbortController();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const mine = () => !abort.signal.aborted;
  locks
    .request(name, { ifAvailable: true }, (lock) => {
      if (lock && mine()) {
        onAnswer(true);
        return held;
      }
      if (!mine()) return;
      onAnswer(false);
      locks
        .request(name, { signal: abort.signal }, () => {
          if (!mine()) return;
          onGranted();
          return held;
        })
        .catch(() => {}); // aborted while waiting
    })
    .catch(() => mine() && onAnswer(false));
  return () => {
    abort.abort();
    release();
  };
}
