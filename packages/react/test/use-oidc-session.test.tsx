import type { SessionSnapshot } from '@oidc-session/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, useState, type ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OidcSessionProvider, useOidcSession, type OidcSessionValue } from '../src/index';
import {
  createTestSession,
  SESSION_STATUSES,
  testUser,
  type TestSession,
} from '@oidc-session/testing';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Status() {
  const { status, reason, user } = useOidcSession();
  return (
    <p>
      <span data-testid="status">{status}</span>
      <span data-testid="reason">{reason ?? ''}</span>
      <span data-testid="user">{user?.sub ?? ''}</span>
    </p>
  );
}

function withProvider(session: TestSession, children: ReactNode) {
  return <OidcSessionProvider session={session}>{children}</OidcSessionProvider>;
}

const text = (id: string) => screen.getByTestId(id).textContent;
/** Monitors left running: starts minus stops. */
const running = (session: TestSession) => session.callCount('start') - session.callCount('stop');

describe('useOidcSession', () => {
  it.each(SESSION_STATUSES)('renders status %s', (status) => {
    const session = createTestSession({
      status,
      reason: status === 'ended' ? 'op-logout' : null,
      user: status === 'active' ? testUser('alice') : null,
    });
    render(withProvider(session, <Status />));
    expect(text('status')).toBe(status);
    expect(text('reason')).toBe(status === 'ended' ? 'op-logout' : '');
    expect(text('user')).toBe(status === 'active' ? 'alice' : '');
  });

  it('follows snapshot changes', () => {
    const session = createTestSession({ status: 'starting' });
    render(withProvider(session, <Status />));
    act(() => session.set({ status: 'active', user: testUser('alice') }));
    expect(text('status')).toBe('active');
    expect(text('user')).toBe('alice');
    act(() => session.set({ status: 'ended', reason: 'user-switched', user: null }));
    expect(text('status')).toBe('ended');
    expect(text('reason')).toBe('user-switched');
    expect(text('user')).toBe('');
  });

  it('exposes the idle countdown and stayActive()', () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    function Idle() {
      const { idle, stayActive } = useOidcSession();
      return idle ? (
        <button data-testid="stay" onClick={stayActive}>
          {idle.secondsLeft}
        </button>
      ) : null;
    }
    render(withProvider(session, <Idle />));
    expect(screen.queryByTestId('stay')).toBeNull();
    act(() => session.setIdleCountdown(5));
    expect(text('stay')).toBe('5');
    act(() => screen.getByTestId('stay').click());
    expect(session.callCount('stayActive')).toBe(1);
    expect(screen.queryByTestId('stay')).toBeNull();
  });

  it('keeps the value identity until the snapshot changes', () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const seen: OidcSessionValue[] = [];
    function Probe() {
      seen.push(useOidcSession());
      return null;
    }
    let bump: () => void = () => {};
    function Parent() {
      const [n, setN] = useState(0);
      bump = () => setN(n + 1);
      return withProvider(session, <Probe />);
    }
    render(<Parent />);
    expect(seen).toHaveLength(1);

    act(() => session.set({ isPolling: true }));
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);

    // A parent render gives the same object back.
    act(() => bump());
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe(seen[1]);

    act(() => session.set({ status: 'reauthenticating' }));
    expect(seen).toHaveLength(4);
    expect(seen[3]).not.toBe(seen[2]);
    expect(seen[3]!.status).toBe('reauthenticating');
    // The actions keep their identity across snapshots.
    expect(seen[3]!.signOut).toBe(seen[0]!.signOut);
    expect(seen[3]!.signIn).toBe(seen[0]!.signIn);
    expect(seen[3]!.checkNow).toBe(seen[0]!.checkNow);
  });

  it('does not re-render when a notification brings the same snapshot', () => {
    const session = createTestSession({ status: 'active' });
    let renders = 0;
    function Probe() {
      renders++;
      useOidcSession();
      return null;
    }
    render(withProvider(session, <Probe />));
    expect(renders).toBe(1);
    expect(session.subscriberCount).toBe(1);
    // The subscribers are called with no snapshot change.
    act(() => session.notify());
    expect(renders).toBe(1);
  });

  it('with a selector, re-renders only when the selected value changes', () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let renders = 0;
    function StatusOnly() {
      renders++;
      return <span data-testid="status">{useOidcSession((s) => s.status)}</span>;
    }
    render(withProvider(session, <StatusOnly />));
    expect(renders).toBe(1);
    act(() => session.set({ user: testUser('alice', { name: 'Alice A.' }) }));
    act(() => session.set({ sessionState: 'new-state', isPolling: true }));
    expect(renders).toBe(1);
    act(() => session.set({ status: 'reauthenticating' }));
    expect(renders).toBe(2);
    expect(text('status')).toBe('reauthenticating');
  });

  it('accepts an inline selector that builds a new object (cached per snapshot)', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    function Pair() {
      const { status, sub } = useOidcSession((s) => ({ status: s.status, sub: s.user?.sub }));
      return <span data-testid="pair">{`${status}:${sub ?? ''}`}</span>;
    }
    render(withProvider(session, <Pair />));
    expect(text('pair')).toBe('active:alice');
    act(() => session.set({ status: 'ended', user: null }));
    expect(text('pair')).toBe('ended:');
    expect(errors).not.toHaveBeenCalled();
  });

  it('hands out actions bound to the session', async () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    let value: OidcSessionValue | undefined;
    function Probe() {
      value = useOidcSession();
      return null;
    }
    render(withProvider(session, <Probe />));
    await value!.signIn({ login_hint: 'alice' });
    await value!.signOut({ mode: 'local' });
    await expect(value!.checkNow()).resolves.toBe(session.getSnapshot());
    expect(session.calls).toEqual([
      { method: 'start', args: [] }, // the provider's mount
      { method: 'signIn', args: [{ login_hint: 'alice' }] },
      { method: 'signOut', args: [{ mode: 'local' }] },
      { method: 'checkNow', args: [] },
    ]);
  });

  it('throws a clear error outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Status />)).toThrow(
      'useOidcSession() must be called inside <OidcSessionProvider session={session}>.',
    );
  });
});

describe('OidcSessionProvider', () => {
  it('starts the session on mount and stops it on unmount', () => {
    const session = createTestSession();
    const { unmount } = render(withProvider(session, <Status />));
    expect([session.callCount('start'), session.callCount('stop')]).toEqual([1, 0]);
    expect(session.subscriberCount).toBe(1);
    unmount();
    expect([session.callCount('start'), session.callCount('stop')]).toEqual([1, 1]);
    expect(session.subscriberCount).toBe(0);
    expect(session.callCount('dispose')).toBe(0);
  });

  it('leaves exactly one running monitor under StrictMode, and none after unmount', () => {
    const session = createTestSession();
    const { unmount } = render(<StrictMode>{withProvider(session, <Status />)}</StrictMode>);
    expect(session.callCount('start')).toBe(2); // mount, unmount, mount
    expect(running(session)).toBe(1);
    expect(session.subscriberCount).toBe(1);
    unmount();
    expect(running(session)).toBe(0);
    expect(session.subscriberCount).toBe(0);
  });

  it('moves the monitor to a new session when the prop changes', () => {
    const a = createTestSession({ status: 'active' });
    const b = createTestSession({ status: 'signed-out' });
    const { rerender } = render(withProvider(a, <Status />));
    rerender(withProvider(b, <Status />));
    expect([a.callCount('start'), a.callCount('stop'), a.subscriberCount]).toEqual([1, 1, 0]);
    expect([b.callCount('start'), b.callCount('stop'), b.subscriberCount]).toEqual([1, 0, 1]);
    expect(text('status')).toBe('signed-out');
  });
});

describe('server rendering', () => {
  it('renders the idle server snapshot and starts nothing', () => {
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const html = renderToString(withProvider(session, <Status />));
    expect(html).toContain('<span data-testid="status">idle</span>');
    expect(html).not.toContain('alice');
    expect(session.callCount('start')).toBe(0);
  });

  it('hydrates from idle, then shows the client snapshot', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const session = createTestSession({ status: 'active', user: testUser('alice') });
    const container = document.createElement('div');
    container.innerHTML = renderToString(withProvider(session, <Status />));
    document.body.append(container);
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, withProvider(session, <Status />));
    });
    expect(container.querySelector('[data-testid="status"]')!.textContent).toBe('active');
    expect(container.querySelector('[data-testid="user"]')!.textContent).toBe('alice');
    expect(errors).not.toHaveBeenCalled();
    act(() => root!.unmount());
    container.remove();
    expect(running(session)).toBe(0);
  });
});

// Keep the snapshot type honest: the hook value is a SessionSnapshot.
export type _Check = OidcSessionValue extends SessionSnapshot ? true : never;
