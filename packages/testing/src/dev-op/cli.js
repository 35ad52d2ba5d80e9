#!/usr/bin/env node
// The `oidc-session-dev-op` bin (`--help` lists the flags and profiles).
import { runDevOpCli } from './run-cli.js';

await runDevOpCli(process.argv.slice(2));
