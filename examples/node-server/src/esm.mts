// ESM: `import` (module node16, a .mts file).
import * as oidc from '@oidc-session/server';
import { main } from './app.cjs';

await main(oidc, 'ESM');
