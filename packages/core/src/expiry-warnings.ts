// Opt-in expiry awareness: `createOidcSession({ expiry: expiryWarnings({ warnBefore }) })`. The
// steps are pure (engine/expiry.ts); this file checks the options.
import { expirySteps } from './engine/expiry';
import type { ExpiryFeature } from './engine/feature';
import { OidcSessionError } from './errors';

/** Options of {@link expiryWarnings}. Times are in milliseconds. */
export interface ExpiryWarningsOptions {
  /** How long before each deadline `expiring` fires. Default 60000. */
  warnBefore?: number;
  /**
   * The OP's maximum session age (e.g. its `session.ttl`); with the ID Token's `auth_time` it
   * gives `expiry.opSession`. Unknown (`null`) without it.
   */
  opSessionMaxAge?: number;
}

const positive = (v: unknown) => typeof v === 'number' && v > 0 && v < Infinity;

/**
 * Know ahead of time when the session will end: `snapshot.expiry` holds the ID Token, access token
 * and (with `opSessionMaxAge`) OP session deadlines, and `session.on('expiring', ...)` fires
 * `warnBefore` ahead of each. Pass it as `createOidcSession({ expiry: expiryWarnings() })`.
 *
 * @throws OidcSessionError (code `config`) for a non-positive `warnBefore` or `opSessionMaxAge`.
 */
export function expiryWarnings(options: ExpiryWarningsOptions = {}): ExpiryFeature {
  const { warnBefore = 60000, opSessionMaxAge } = options;
  for (const [name, value] of [
    ['warnBefore', warnBefore],
    ['opSessionMaxAge', opSessionMaxAge ?? 1],
  ] as const) {
    if (!positive(value)) {
      throw new OidcSessionError(
        'config',
        `expiryWarnings: \`${name}\` must be a positive number of ms, got ${String(value)}.`,
      );
    }
  }
  return expirySteps({ warnBefore, opSessionMaxAge });
}
