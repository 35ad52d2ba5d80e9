#!/usr/bin/env node
// `pnpm bench` / `npm run bench`: installs what it needs on a fresh clone (pnpm, the workspace,
// Chromium), then runs the benchmark (bench/src/run.mjs) with the same arguments:
//   --quick, --soak, --sizes, --ref=<commit>, --only=..., --intervals=..., --no-write
// Benchmarks measure; they are not part of `npm test`.
import { ensureChromium, ensurePnpm, installDependencies, run, step } from './lib/toolchain.mjs';

process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.TURBO_NO_UPDATE_NOTIFIER = '1';
process.env.DO_NOT_TRACK = '1';

const args = process.argv.slice(2);
const pnpm = ensurePnpm();
installDependencies(pnpm);
if (!args.includes('--sizes')) ensureChromium();
step(`benchmark${args.length ? ` (${args.join(' ')})` : ''}`);
run(process.execPath, ['bench/src/run.mjs', ...args]);
