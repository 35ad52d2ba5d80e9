// Entry point: picks what to run from the path before anything else.
// - /silent-callback is loaded by oidc-client-ts in a hidden iframe for silent `prompt=none`
//   requests; it only hands the response back to the parent window: no Angular, no session.
// - /frontchannel-logout is loaded by the OP in a hidden iframe when the user logs out there, and
//   the OP moves on at the iframe's `load`: the work runs in this module's own microtasks, which
//   finish before `load`, so it is all imported statically.
// - everything else is the Angular app (/callback and /logout-callback are routes).
import { bootstrapApplication } from '@angular/platform-browser';
import { handleFrontchannelLogout } from '@oidc-session/core';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { createUserManager } from './app/user-manager';

const path = location.pathname;

if (path === '/silent-callback') {
  createUserManager()
    .signinCallback()
    .catch((err: unknown) => console.error(err));
} else if (path === '/frontchannel-logout') {
  void frontchannelLogout();
} else {
  bootstrapApplication(App, appConfig).catch((err: unknown) => console.error(err));
}

/**
 * Same-site, the iframe shares the app's storage and BroadcastChannel: core checks `iss` and `sid`
 * against the held ID Token, tells the app's open tabs (they show `ended`) and removes the user.
 * Cross-site the browser denies the iframe storage (the UserManager constructor throws); the poll
 * covers that case.
 */
async function frontchannelLogout(): Promise<void> {
  let outcome: string;
  try {
    const result = await handleFrontchannelLogout(createUserManager());
    outcome = result.signedOut ? 'signed out' : `ignored (${result.ignored})`;
  } catch (err) {
    outcome = `ignored (no storage here: ${(err as Error).name})`;
  }
  const p = document.createElement('p');
  p.className = 'frontchannel';
  p.dataset['testid'] = 'frontchannel-outcome';
  p.textContent = `front-channel logout: ${outcome}`;
  document.body.replaceChildren(p);
}
