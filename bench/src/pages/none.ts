// Subject "none": a signed-in page with no session monitoring at all, the baseline for the
// main-thread and network figures.
import {
  createUserManager,
  finishRedirect,
  finishSilentCallback,
  isSilentCallback,
  plainPage,
} from './shared';

const CLIENT_ID = 'bench-none';

async function main(): Promise<void> {
  const userManager = createUserManager(CLIENT_ID, false);
  const report = plainPage('none', 'no monitoring (baseline)', userManager);
  await finishRedirect(userManager);
  const user = await userManager.getUser();
  report(user ? 'active' : 'signed-out');
}

if (isSilentCallback()) finishSilentCallback(CLIENT_ID);
else void main();
