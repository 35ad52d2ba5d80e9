// CommonJS: `require('@oidc-session/server')` (module node16, a .cts file).
import oidc = require('@oidc-session/server');
import { main } from './app.cjs';

void main(oidc, 'CommonJS');
