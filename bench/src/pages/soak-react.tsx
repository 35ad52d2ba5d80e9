// Soak: @oidc-session/react. Each cycle creates a session, mounts <OidcSessionProvider> with two
// consumers, then unmounts it and disposes the session.
import { createOidcSession } from '@oidc-session/core';
import { OidcSessionProvider, useOidcSession } from '@oidc-session/react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { checkInterval } from './shared';
import { soakHost, soakPage } from './soak';

function Status() {
  const { status } = useOidcSession();
  return <span data-testid="soak-status">{status}</span>;
}
function User() {
  const user = useOidcSession((s) => s.user);
  return <span>{user?.sub}</span>;
}

soakPage('soak · @oidc-session/react', 'bench-soak-react', async (userManager) => {
  const session = createOidcSession({ userManager, checkInterval: checkInterval() });
  const root = createRoot(soakHost());
  flushSync(() =>
    root.render(
      <OidcSessionProvider session={session}>
        <Status />
        <User />
      </OidcSessionProvider>,
    ),
  );
  return {
    status: () => session.getSnapshot().status,
    unmount() {
      root.unmount();
      session.dispose();
    },
  };
});
