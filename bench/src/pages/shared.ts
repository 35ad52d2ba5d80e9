// What every bench page shares: the OP, the poll interval, a UserManager built the same way for
// every subject, and the hooks the runner reads (`window.__bench`).
import { UserManager, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';

declare global {
  /** The OP origin, from BENCH_OP_ORIGIN when the pages were built (vite.config.ts `define`). */
  const __OP_ORIGIN__: string;

  interface Window {
    __bench?: BenchHooks;
  }
}

export const OP_ORIGIN = __OP_ORIGIN__;

export interface BenchHooks {
  subject: string;
  /** Every status this page showed, with the time it was shown (ms since the epoch). */
  log: Array<{ status: string; at: number; reason?: string | null }>;
  status: string;
  signIn(): Promise<unknown>;
  signOut(): Promise<unknown>;
  /** Subject-specific counters (our getStats(), Angular change-detection runs, ...). */
  counters(): Record<string, number>;
}

const INTERVAL_KEY = 'bench:interval';

/**
 * `?interval=2000` sets the time between checks (ms). Kept in sessionStorage, because the sign-in
 * round trip comes back on /callback without the query.
 */
export function checkInterval(): number {
  const fromQuery = new URLSearchParams(location.search).get('interval');
  if (fromQuery) sessionStorage.setItem(INTERVAL_KEY, fromQuery);
  const value = Number(sessionStorage.getItem(INTERVAL_KEY));
  return value > 0 ? value : 2000;
}

/**
 * The same oidc-client-ts settings for every subject; only `monitorSession` differs (on for the
 * peers, off for ours, where @oidc-session/core does the monitoring). The user lives in
 * localStorage so that every tab of a subject shares one sign-in.
 */
export function userManagerSettings(
  clientId: string,
  monitorSession: boolean,
): UserManagerSettings {
  return {
    authority: OP_ORIGIN,
    client_id: clientId,
    redirect_uri: `${location.origin}/callback`,
    silent_redirect_uri: `${location.origin}/silent-callback`,
    post_logout_redirect_uri: `${location.origin}/logout-callback`,
    scope: 'openid profile email',
    monitorSession,
    checkSessionIntervalInSeconds: checkInterval() / 1000,
    userStore: new WebStorageStateStore({ store: window.localStorage }),
  };
}

export function createUserManager(clientId: string, monitorSession: boolean): UserManager {
  return new UserManager(userManagerSettings(clientId, monitorSession));
}

/** The hidden iframe of silent `prompt=none` requests: hand the answer to the parent, nothing more. */
export function isSilentCallback(): boolean {
  return location.pathname === '/silent-callback';
}

export function finishSilentCallback(clientId: string): void {
  void createUserManager(clientId, false)
    .signinCallback()
    .catch((err: unknown) => console.error(err));
}

/** Create the page's hooks; `report(status)` records each change of the shown status. */
export function installHooks(
  subject: string,
  actions: Pick<BenchHooks, 'signIn' | 'signOut'> & { counters?: () => Record<string, number> },
): (status: string, reason?: string | null) => void {
  const hooks: BenchHooks = {
    subject,
    log: [],
    status: 'idle',
    signIn: actions.signIn,
    signOut: actions.signOut,
    counters: actions.counters ?? (() => ({})),
  };
  window.__bench = hooks;
  return (status, reason) => {
    if (status === hooks.status) return;
    hooks.status = status;
    hooks.log.push({ status, at: Date.now(), reason });
  };
}

/** A plain DOM view (status badge, sign-in and sign-out buttons) for the framework-free pages. */
export function plainView(title: string, hooks: Pick<BenchHooks, 'signIn' | 'signOut'>) {
  document.title = title;
  const root = document.getElementById('root')!;
  root.innerHTML = `<h1></h1><p>status: <span data-testid="session-status">idle</span></p>
    <button type="button" data-testid="sign-in">Sign in</button>
    <button type="button" data-testid="sign-out">Sign out</button>`;
  root.querySelector('h1')!.textContent = title;
  const badge = root.querySelector<HTMLElement>('[data-testid="session-status"]')!;
  root.querySelector('[data-testid="sign-in"]')!.addEventListener('click', () => hooks.signIn());
  root.querySelector('[data-testid="sign-out"]')!.addEventListener('click', () => hooks.signOut());
  return (status: string) => {
    badge.textContent = status;
  };
}

/**
 * A framework-free page of `subject` over `userManager` (sign-in and sign-out redirects): the plain
 * view and the bench hooks; returns `report(status)`, which shows and records a status.
 */
export function plainPage(
  subject: string,
  title: string,
  userManager: UserManager,
): (status: string) => void {
  const hooks = {
    signIn: () => userManager.signinRedirect(),
    signOut: () => userManager.signoutRedirect(),
  };
  const show = plainView(title, hooks);
  const record = installHooks(subject, hooks);
  return (status) => {
    show(status);
    record(status);
  };
}

/**
 * The redirect returns, handled alike on every page: on /callback finish the sign-in, on
 * /logout-callback run `signOutCallback` (when the page has one; its failure is ignored), then
 * show `/`.
 */
export async function finishRedirect(
  userManager: UserManager,
  signOutCallback?: () => Promise<unknown>,
): Promise<void> {
  if (location.pathname === '/callback') {
    await userManager.signinCallback();
  } else if (location.pathname === '/logout-callback' && signOutCallback) {
    await signOutCallback().catch(() => undefined);
  } else {
    return;
  }
  history.replaceState(null, '', '/');
}
