#!/usr/bin/env node
// `pnpm bench`: builds the bench pages, starts the dev OP (port 4051) and the pages' servers
// (5191-5199), runs every scenario in headless Chromium, prints the tables and writes
// docs/bench/results.{md,svg,json}. A benchmark, not a test: nothing here asserts.
//
//   pnpm bench                 full run (about 20 minutes)
//   pnpm bench --quick         the 2 s interval only, fewer trials, shorter windows (about 4 minutes)
//   pnpm bench --intervals=2000,5000   poll intervals (ms)
//   pnpm bench --ref=<commit>  measure the packages' sources at <commit> instead of the work tree
//   pnpm bench --only=op-logout,visibility   some scenarios (op-logout, tab-sign-out, visibility, tabs)
//   pnpm bench --no-write      print, do not write docs/bench
//   pnpm bench --soak          the leak soak instead (docs/bench/soak.md)
//   pnpm bench --report        re-render docs/bench/results.{md,svg} from results.json
//   pnpm bench --sizes         the bundle sizes instead (docs/bench/sizes.md)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { buildPages } from './pages-build.mjs';
import { describeMachine, sourcesAt } from './lib/machine.mjs';
import { startBenchOp } from './lib/op.mjs';
import { serveBench } from './lib/server.mjs';
import { barrier, summarize } from './lib/stats.mjs';
import { OP_ORIGIN, SINK_ORIGIN, SUBJECTS } from './lib/subjects.mjs';
import { renderMarkdown, renderSvg } from './report.mjs';
import { opLogoutTrials } from './scenarios/op-logout.mjs';
import { tabSignOutTrials } from './scenarios/tab-sign-out.mjs';
import { tabsRun } from './scenarios/tabs.mjs';
import { visibilityTrials } from './scenarios/visibility.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

if (flag('soak')) {
  await import('./soak.mjs');
} else if (flag('report')) {
  // Re-render the committed results (after a change of the report's layout or notes).
  const { readFileSync } = await import('node:fs');
  const report = JSON.parse(readFileSync(`${ROOT}docs/bench/results.json`, 'utf8'));
  writeFileSync(`${ROOT}docs/bench/results.md`, renderMarkdown(report));
  writeFileSync(`${ROOT}docs/bench/results.svg`, renderSvg(report));
  process.stdout.write(renderMarkdown(report));
} else if (flag('sizes')) {
  await import('./sizes.mjs');
} else {
  await main();
}

async function main() {
  const quick = flag('quick');
  const only = option('only')?.split(',');
  const wanted = (name) => !only || only.includes(name);
  const intervals = (option('intervals') ?? (quick ? '2000' : '2000,5000')).split(',').map(Number);
  const plan = quick
    ? { opLogout: 6, tabSignOut: { 3: 2, 10: 1 }, visibility: 5, hiddenMs: 10000, quietMs: 10000 }
    : {
        opLogout: 30,
        tabSignOut: { 3: 8, 10: 3 },
        visibility: 15,
        hiddenMs: 20000,
        quietMs: 25000,
      };
  const started = Date.now();
  const log = (line) => process.stdout.write(`${line}\n`);
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

  const ref = option('ref');
  const sources = ref ? sourcesAt(ROOT, ref, `${BENCH}node_modules/.cache/bench-sources`) : null;
  // What is measured is what the pages are built from: describe it now, not after the run.
  const builtFrom = describeMachine(ROOT, { quick, sources, durationMs: 0, intervals }).measured;
  log(`building the bench pages${sources ? ` (packages at ${sources.commit})` : ''}...`);
  buildPages(sources?.dir);

  const op = await startBenchOp(OP_ORIGIN, SUBJECTS, SINK_ORIGIN);
  const closeServers = await serveBench(`${BENCH}dist`, SUBJECTS, new URL(SINK_ORIGIN).port);
  const browser = await launch();
  const results = { opLogout: {}, tabSignOut: {}, visibility: {}, tabs: {} };
  const bySubject = async (subjects, fn) =>
    Object.fromEntries(
      await Promise.all(
        subjects.map(async (s) => {
          try {
            return [s.name, await fn(s)];
          } catch (err) {
            log(`  ${s.name}: ${err.message.split('\n')[0]}`);
            return [s.name, { error: err.message.split('\n')[0] }];
          }
        }),
      ),
    );
  const trialSubjects = SUBJECTS.filter((s) => s.trials);
  try {
    for (const interval of intervals) {
      if (wanted('op-logout')) {
        log(
          `[${elapsed()}] logout at the OP -> detected, interval ${interval} ms, ${plan.opLogout} trials`,
        );
        results.opLogout[interval] = await bySubject(trialSubjects, async (subject) => {
          const r = await opLogoutTrials({
            browser,
            op,
            subject,
            interval,
            trials: plan.opLogout,
            log,
          });
          return {
            ...summarize(r.detected),
            missed: r.missed,
            reaction: summarize(r.reaction),
            phase: summarize(r.phase),
            stale: r.stale,
          };
        });
      }
      if (wanted('visibility')) {
        log(
          `[${elapsed()}] tab shown -> checked, interval ${interval} ms, ${plan.visibility} trials`,
        );
        results.visibility[interval] = await bySubject(trialSubjects, async (subject) => {
          const r = await visibilityTrials({
            browser,
            op,
            subject,
            interval,
            trials: plan.visibility,
            hiddenMs: plan.hiddenMs,
          });
          return {
            ...summarize(r.checked),
            missed: r.missed,
            hiddenChecksPerMinute: r.hiddenChecksPerMinute,
          };
        });
      }
      if (wanted('tab-sign-out')) {
        results.tabSignOut[interval] = {};
        for (const tabs of [3, 10]) {
          const trials = plan.tabSignOut[tabs];
          log(
            `[${elapsed()}] sign-out in one of ${tabs} tabs -> others notice, interval ${interval} ms, ${trials} trials`,
          );
          results.tabSignOut[interval][tabs] = await bySubject(trialSubjects, async (subject) => {
            const r = await tabSignOutTrials({ browser, op, subject, interval, tabs, trials });
            return { ...summarize(r.noticed), missed: r.missed };
          });
        }
      }
      if (wanted('tabs')) {
        results.tabs[interval] = {};
        for (const tabs of [1, 3, 10]) {
          log(
            `[${elapsed()}] ${tabs} tab(s): quiet ${plan.quietMs / 1000} s, then a logout at the OP, interval ${interval} ms`,
          );
          // Ten tabs of six subjects at once is sixty renderers on two cores: the Angular pages
          // and the baseline take part with one and three tabs only.
          const subjects = tabs === 10 ? SUBJECTS.filter((s) => s.trials) : SUBJECTS;
          const meet = barrier(subjects.length);
          results.tabs[interval][tabs] = await bySubject(subjects, async (subject) => {
            const r = await tabsRun({
              browser,
              op,
              subject,
              interval,
              tabs,
              quietMs: plan.quietMs,
              logout: subject.polls !== false,
              barrier: meet,
            });
            return r.change
              ? {
                  quiet: r.quiet,
                  change: { ...r.change, ...summarize(r.change.detected), detected: undefined },
                }
              : r;
          });
        }
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await closeServers();
    await op.close();
  }

  const meta = {
    ...describeMachine(ROOT, { quick, sources, durationMs: Date.now() - started, intervals }),
    measured: builtFrom,
  };
  const report = { meta, plan, results };
  const md = renderMarkdown(report);
  log(`\n${md}`);
  if (!flag('no-write')) {
    const out = `${ROOT}docs/bench`;
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}/results.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${out}/results.md`, md);
    writeFileSync(`${out}/results.svg`, renderSvg(report));
    log(`wrote docs/bench/results.md, results.svg, results.json (${elapsed()})`);
  }
}
