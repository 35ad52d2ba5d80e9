import type { OidcSession } from '@oidc-session/core';

declare global {
  /** The OP origin, from `OP_ORIGIN` when Vite started (vite.config.ts `define`). */
  const __OP_ORIGIN__: string;
  /** The demo backend's origin, from `BACKEND_ORIGIN` when Vite started (vite.config.ts `define`). */
  const __BACKEND_ORIGIN__: string;

  interface Window {
    /** Demo-only debugging hook (the e2e tests read `getStats()`); not something apps should do. */
    __oidcSession?: OidcSession;
  }
}
