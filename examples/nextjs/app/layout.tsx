import type { ReactNode } from 'react';

export const metadata = { title: 'oidc-session + Next.js' };

// No session here: /silent-callback (in a hidden iframe) must not start one. The pages that
// show the session are in the (app) group, whose layout adds the provider.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
