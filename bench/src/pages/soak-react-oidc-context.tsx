// Soak: react-oidc-context. Each cycle mounts <AuthProvider {...settings}> (its README's way: the
// provider creates its UserManager) with `monitorSession: true`, then unmounts it.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { userManagerSettings } from './shared';
import { soakHost, soakPage } from './soak';

function Status() {
  const auth = useAuth();
  return <span data-testid="soak-status">{auth.isAuthenticated ? 'active' : 'starting'}</span>;
}

soakPage('soak · react-oidc-context', 'bench-soak-react-oidc-context', async () => {
  const root = createRoot(soakHost());
  const settings = userManagerSettings('bench-soak-react-oidc-context', true);
  flushSync(() =>
    root.render(
      <AuthProvider {...settings}>
        <Status />
      </AuthProvider>,
    ),
  );
  return {
    status: () => soakHost().querySelector('[data-testid="soak-status"]')?.textContent ?? '',
    unmount: () => root.unmount(),
  };
});
