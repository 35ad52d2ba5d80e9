// Subject "oidc-client-ts": a framework-free page using oidc-client-ts 3.5's own session monitor
// (`monitorSession: true`, which polls the OP iframe and raises `userSignedOut`).
import {
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  isSilentCallback,
  plainPage,
} from './shared';

const CLIENT_ID = 'bench-oidc-client-ts';

async function main(): Promise<void> {
  const userManager = createUserManager(CLIENT_ID, true);
  const report = plainPage('oidc-client-ts', 'oidc-client-ts', userManager);
  report('starting');
  let signedOutElsewhere = false;
  userManager.events.addUserLoaded(() => report('active'));
  userManager.events.addUserUnloaded(() => report(signedOutElsewhere ? 'ended' : 'signed-out'));
  userManager.events.addUserSignedOut(() => {
    // What an app does with the event: show it, then forget the user.
    signedOutElsewhere = true;
    report('ended');
    void userManager.removeUser();
  });
  await finishRedirect(userManager, () => userManager.signoutCallback());
  const user = await userManager.getUser();
  report(user ? 'active' : 'signed-out');
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else void main();
