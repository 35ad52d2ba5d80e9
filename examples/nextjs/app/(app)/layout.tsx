import type { ReactNode } from 'react';
import { SessionProvider } from '../session-provider';

export default function AppLayout({ children }: { children: ReactNode }) {
  return <SessionProvider>{children}</SessionProvider>;
}
