// Entry of frontchannel-logout.html: the OP loads /frontchannel-logout?iss=…&sid=… in a hidden
// iframe when the user logs out there, and navigates away once the iframe fires `load`. So this
// page imports everything statically and does its work in the module's own microtasks, which all
// run before `load`: a lazy chunk would still be loading when the OP moves on. No Vue here.
// Same-site, the iframe shares the app's storage and BroadcastChannel: core checks iss and sid
// against the held ID Token, tells the app's open tabs (they show `ended`) and removes the user.
// Cross-site the browser denies the iframe storage; the poll and back-channel logout cover that.
import { handleFrontchannelLogout } from '@oidc-session/core';
import { createUserManager } from './user-manager';

async function handle(): Promise<string> {
  try {
    const result = await handleFrontchannelLogout(createUserManager());
    return result.signedOut ? 'signed out' : `ignored (${result.ignored})`;
  } catch (err) {
    return `ignored (no storage here: ${(err as Error).name})`;
  }
}

void handle().then((outcome) => {
  document.getElementById('outcome')!.textContent = `front-channel logout: ${outcome}`;
});
