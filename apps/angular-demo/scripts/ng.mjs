#!/usr/bin/env node
// `pnpm build` / `pnpm dev`: bake OP_ORIGIN in (scripts/write-config.mjs), then run the Angular
// CLI with every prompt off (analytics, completion), so it never waits for an answer.
// For `build`, NG_OUT_DIR (relative to this app; default dist/angular-demo) picks the output
// directory; the pages land in <NG_OUT_DIR>/browser, which is what scripts/serve-dist.mjs serves.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, NG_CLI_ANALYTICS: 'false' };
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: app, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const [command = 'build', ...rest] = process.argv.slice(2);
run(['scripts/write-config.mjs']);
const ng = createRequire(import.meta.url).resolve('@angular/cli/bin/ng.js');
const out = command === 'build' && process.env.NG_OUT_DIR;
run([ng, command, ...(out ? ['--output-path', out] : []), ...rest]);
