// What each status and reason means to the person using the app, in plain words.
import type { SessionReason, SessionStatus } from '@oidc-session/core';

export interface StatusText {
  /** Short headline. */
  title: string;
  /** One sentence; for `active` the "last checked" figure follows it. */
  detail: string;
}

const REASONS: Record<SessionReason, string> = {
  'op-logout': 'you signed out at the provider, or your session there expired',
  'user-switched': 'someone else signed in at the provider',
  'other-tab': 'another tab of this app noticed first',
  'frontchannel-logout': 'the provider told this app you signed out there',
  'backchannel-logout': "the provider told this app's server you signed out there",
  'signed-out': 'you signed out',
  'no-check-session-iframe': "the provider doesn't offer a session check",
  'no-session-state': "the provider didn't send a session state",
  'iframe-timeout': "the provider's session check didn't answer in time",
  'third-party-cookies-blocked': "the browser hides the provider's cookies from this site",
  'op-iframe-broken':
    "the provider's session check is broken (not your browser: tell the provider's admins)",
  'op-error': "the provider's session check answered with an error",
  'reauth-rejected': 'the provider refused a silent check',
  'reauth-loop': 'too many silent checks in a short time',
  'reauth-timeout': 'the provider never answered a silent check (it showed a sign-in page instead)',
  'op-unreachable': "the provider can't be reached right now; retrying",
  'op-session': "you're signed in at the provider: continue to this app with Sign in",
  'signal-failed': "this app's server can't pass on sign-outs right now; retrying",
  idle: 'nobody used this app in any tab for a while',
};

export function statusText(status: SessionStatus, reason: SessionReason | null): StatusText {
  const why = reason ? ` (${REASONS[reason]})` : '';
  switch (status) {
    case 'idle':
      return { title: 'Not watching', detail: "The session monitor hasn't started yet." };
    case 'signed-out':
      return { title: 'Signed out', detail: 'Sign in to start.' };
    case 'starting':
      return { title: 'Checking…', detail: `Looking up your session at the provider${why}.` };
    case 'active':
      return { title: 'Signed in', detail: 'Your session at the provider is active, last checked' };
    case 'reauthenticating':
      return {
        title: 'Double-checking…',
        detail: `The provider reported a change; quietly confirming you're still signed in there${why}.`,
      };
    case 'ended':
      return {
        title: 'You were signed out elsewhere — sign in again',
        detail: `Why: ${REASONS[reason ?? 'op-logout']}.`,
      };
    case 'unsupported':
      return {
        title: 'Signed in',
        detail: `This tab can't watch your provider session${why}. You stay signed in.`,
      };
    case 'error':
      return {
        title: 'Signed in',
        detail: `The provider reported a problem, so this tab stopped watching your session${why}. You stay signed in.`,
      };
  }
}

/** Whether this tab polls the OP for the others (the leader) or follows the one that does. */
export function roleText(status: SessionStatus, isPolling: boolean): string {
  if (isPolling) return 'polls the OP for every tab';
  return status === 'active' || status === 'reauthenticating' ? 'follows the tab that polls' : '';
}
