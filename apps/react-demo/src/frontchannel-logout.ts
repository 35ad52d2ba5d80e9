// Entry of frontchannel-logout.html: the OP loads /frontchannel-logout?iss=…&sid=… in a hidden
// iframe when the user logs out there, and navigates away once the iframe fires `load`. So this
// page imports everything statically and does its work in the module's own microtasks, which all
// run before `load`: a lazy chunk would still be loading when the OP moves on.
// Same-site, the iframe shares the app's storage and BroadcastChannel: core checks iss and sid
// against the held ID Token, tells the app's open tabs (they show `ended`) and removes the user.
// Cross-site the browser denies the iframe storage; the poll and back-channel logout cover that.
import { handleFrontchannelLogout, type FrontchannelLogoutOptions } from '@oidc-session/core';
import { createUserManager } from './user-manager';

/**
 * Demo only, so the e2e tests can try the opt-ins against the dev OP's profiles: they register
 * `frontchannel_logout_uri` with `?requireIss=false` (Entra ID-like OPs) or `?sidIsSub=true`
 * (LemonLDAP::NG-like OPs). A real app hard-codes the option its OP needs instead: anything in
 * this URL can be chosen by whoever frames the page.
 */
function optInsFromUrl(): FrontchannelLogoutOptions {
  const query = new URLSearchParams(location.search);
  return {
    requireIss: query.get('requireIss') !== 'false',
    sidIsSub: query.get('sidIsSub') === 'true',
  };
}

async function handle(): Promise<string> {
  try {
    const result = await handleFrontchannelLogout(createUserManager(), optInsFromUrl());
    return result.signedOut ? 'signed out' : `ignored (${result.ignored})`;
  } catch (err) {
    return `ignored (no storage here: ${(err as Error).name})`;
  }
}

void handle().then((outcome) => {
  document.getElementById('outcome')!.textContent = `front-channel logout: ${outcome}`;
  // The OP navigates this frame's parent away at once: the console is where tests read it.
  console.info(`[react-demo] front-channel logout: ${outcome}`);
});
