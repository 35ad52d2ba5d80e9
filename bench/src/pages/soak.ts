// The soak pages' shared part: one UserManager per page (as an app has), a plain status view for
// signing in, and `window.__soak.cycle(holdMs)`: mount the framework's component tree with a new
// session (or provider), wait until it polls, hold, unmount and dispose. The runner calls it in a
// loop and compares the page's counters between cycles.
import type { UserManager } from 'oidc-client-ts';
import {
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  isSilentCallback,
  plainView,
} from './shared';

declare global {
  interface Window {
    __soak?: { cycle(holdMs: number): Promise<string>; cycles: number };
  }
}

/** One mount: resolves with its unmount function once it is mounted. */
export type Mount = (userManager: UserManager) => Promise<{
  /** Whatever the mounted tree shows, e.g. the session status. */
  status(): string;
  unmount(): void | Promise<void>;
}>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function soakPage(title: string, clientId: string, mount: Mount): void {
  if (isSilentCallback()) {
    finishSilentCallback(clientId);
    return;
  }
  void (async () => {
    const userManager = createUserManager(clientId, false);
    const show = plainView(title, {
      signIn: () => userManager.signinRedirect(),
      signOut: () => userManager.signoutRedirect(),
    });
    await finishRedirect(userManager);
    const user = await userManager.getUser();
    const soak = {
      cycles: 0,
      async cycle(holdMs: number): Promise<string> {
        const host = document.createElement('div');
        host.id = 'soak-host';
        document.body.append(host);
        const mounted = await mount(userManager);
        // Until the monitor polls (or gives up), then a few polls more.
        for (let i = 0; i < 100 && !/active|unsupported|error/.test(mounted.status()); i++) {
          await sleep(30);
        }
        const status = mounted.status();
        await sleep(holdMs);
        await mounted.unmount();
        host.remove();
        soak.cycles++;
        return status;
      },
    };
    window.__soak = soak;
    show(user ? 'active' : 'signed-out');
  })();
}

/** The element a cycle mounts into. */
export const soakHost = () => document.getElementById('soak-host')!;
