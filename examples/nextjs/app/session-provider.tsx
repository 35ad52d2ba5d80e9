'use client';
// The client boundary: a server component cannot hand a function to a client component, so the
// provider that gets the session factory lives in a client module of the app.
import { OidcSessionProvider } from '@oidc-session/react';
import type { ReactNode } from 'react';
import { getSession } from './session';

export function SessionProvider({ children }: { children: ReactNode }) {
  return <OidcSessionProvider session={getSession}>{children}</OidcSessionProvider>;
}
