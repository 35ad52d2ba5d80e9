#!/usr/bin/env node
// `node apps/dev-op/src/cli.js [flags]`: the `oidc-session-dev-op` command of @oidc-session/testing,
// at the path the demo command and the e2e suite have always started.
import { runDevOpCli } from '@oidc-session/testing/dev-op';

await runDevOpCli(process.argv.slice(2));
