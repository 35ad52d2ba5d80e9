// @vitest-environment node
// Server rendering with a session factory: the factory is never called, the markup says `idle`.
import { renderToString } from 'react-dom/server';
import { expect, it, vi } from 'vitest';
import { OidcSessionProvider, useOidcSession } from '../src/index';

function Status() {
  const { status, user } = useOidcSession();
  return <span data-testid="status">{`${status}:${user?.name ?? '-'}`}</span>;
}

it('renders idle on the server without calling the factory', () => {
  expect(typeof window).toBe('undefined');
  const factory = vi.fn(() => {
    throw new Error('location is not defined'); // what a browser-only UserManager does here
  });
  const html = renderToString(
    <OidcSessionProvider session={factory}>
      <Status />
    </OidcSessionProvider>,
  );
  expect(html).toContain('idle:-');
  expect(factory).not.toHaveBeenCalled();
});
