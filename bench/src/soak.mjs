// `pnpm bench --soak`: each framework's bench page mounts and unmounts its component tree with a
// new session, over and over, for about two minutes at a fast poll interval, in real Chromium
// against the dev OP. Compares what is alive in the page after the warm-up and at the end
// (both measured between cycles, after a forced garbage collection): timers, event listeners,
// iframes, BroadcastChannels, Web Locks, DOM nodes, heap. Writes docs/bench/soak.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, newContext } from './lib/browser.mjs';
import { signInFresh } from './lib/flows.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startBenchOp } from './lib/op.mjs';
import { serveBench } from './lib/server.mjs';
import { OP_ORIGIN, SINK_ORIGIN } from './lib/subjects.mjs';
import { buildPages } from './pages-build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const DURATION = quick ? 20000 : 120000;
const INTERVAL = 250; // ms between checks: many polls per mount
const HOLD = 500; // ms a mounted tree keeps polling after it is active
const WARMUP = 3; // cycles before the baseline (lazy chunks, JIT, first-use caches)
const log = (line) => process.stdout.write(`${line}\n`);

// The soak runs on its own, so it reuses the bench's ports with its own pages and clients.
const SOAK = [
  { name: 'soak-react', port: 5191, label: '@oidc-session/react', ours: true },
  { name: 'soak-vue', port: 5192, label: '@oidc-session/vue', ours: true },
  { name: 'soak-angular', port: 5193, label: '@oidc-session/angular (zoneless)', ours: true },
  { name: 'soak-react-oidc-context', port: 5194, label: 'react-oidc-context <AuthProvider>' },
].map((s) => ({ ...s, origin: `http://localhost:${s.port}`, clientId: `bench-${s.name}` }));

/** Counts, in the app's top window, what a mount may leave behind that the browser cannot see. */
function liveObjects() {
  if (window.top !== window || location.port === '4051') return;
  const timers = new Set();
  const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = window;
  window.setTimeout = function (fn, ...rest) {
    let id;
    const run =
      typeof fn === 'function'
        ? function (...args) {
            timers.delete(id);
            return fn.apply(this, args);
          }
        : fn;
    id = st.call(window, run, ...rest);
    timers.add(id);
    return id;
  };
  window.setInterval = function (...args) {
    const id = si.apply(window, args);
    timers.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    timers.delete(id);
    ct.call(window, id);
  };
  window.clearInterval = (id) => {
    timers.delete(id);
    ci.call(window, id);
  };
  const channels = new Set();
  const Native = window.BroadcastChannel;
  if (Native) {
    window.BroadcastChannel = class extends Native {
      constructor(name) {
        super(name);
        channels.add(this);
      }
      close() {
        channels.delete(this);
        super.close();
      }
    };
  }
  window.__live = async () => {
    const locks = navigator.locks ? await navigator.locks.query() : { held: [], pending: [] };
    return {
      timers: timers.size,
      channels: channels.size,
      locks: locks.held.length + locks.pending.length,
      iframes: document.querySelectorAll('iframe').length,
    };
  };
}

async function listenerCount(cdp, expression) {
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
    objectId: result.objectId,
  });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  return listeners.length;
}

async function snapshot(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const live = await page.evaluate(() => window.__live());
  return {
    'timers (setTimeout/setInterval pending)': live.timers,
    'window listeners': await listenerCount(cdp, 'window'),
    'document listeners': await listenerCount(cdp, 'document'),
    'all JS event listeners (renderer)': m.JSEventListeners,
    'iframes in the page': live.iframes,
    'frames (renderer)': m.Frames,
    'BroadcastChannels open': live.channels,
    'Web Locks held or pending': live.locks,
    'DOM nodes (renderer)': m.Nodes,
    'JS heap used, kB': Math.round(usedSize / 1024),
  };
}

async function soakOne(browser, op, subject) {
  const { context } = await newContext(browser, op.issuer);
  await context.addInitScript(liveObjects);
  try {
    const page = await context.newPage();
    await signInFresh(page, subject, INTERVAL);
    await page.waitForFunction(() => window.__soak);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const statuses = new Map();
    const cycle = async () => {
      const status = await page.evaluate((hold) => window.__soak.cycle(hold), HOLD);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    for (let i = 0; i < WARMUP; i++) await cycle();
    const baseline = await snapshot(page, cdp);
    const checksBefore = op.count(new RegExp(`^check-session-origin client=${subject.clientId} `));
    const started = Date.now();
    let cycles = 0;
    const heap = [baseline['JS heap used, kB']]; // after GC at each quarter: growth or plateau?
    for (let quarter = 1; quarter <= 4; quarter++) {
      while (Date.now() - started < (DURATION * quarter) / 4) {
        await cycle();
        cycles++;
      }
      if (quarter < 4) heap.push((await snapshot(page, cdp))['JS heap used, kB']);
    }
    const end = await snapshot(page, cdp);
    heap.push(end['JS heap used, kB']);
    return {
      heap,
      baseline,
      end,
      cycles,
      statuses: Object.fromEntries(statuses),
      iframeLoads:
        op.count(new RegExp(`^check-session-origin client=${subject.clientId} `)) - checksBefore,
    };
  } finally {
    await context.close();
  }
}

function render(meta, results) {
  const out = [];
  out.push('# Soak: mount, poll, unmount, repeat');
  out.push('');
  out.push(
    `Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC with \`pnpm bench --soak${quick ? ' --quick' : ''}\`: ` +
      `${meta.nproc} CPUs (${meta.cpu}), ${meta.chromium} headless; ${meta.measured}.`,
  );
  out.push('');
  out.push(
    `Each page signs in once, then for ${DURATION / 1000} s repeats a cycle: create a session, mount the ` +
      `framework's tree (provider or plugin or application, plus components reading the session), wait ` +
      `until it polls the OP iframe (every ${INTERVAL} ms), keep it ${HOLD} ms, unmount it and dispose ` +
      `the session. react-oidc-context's cycle mounts \`<AuthProvider {...settings}>\` with ` +
      '`monitorSession: true` (the provider creates its own UserManager, as its README shows). ' +
      `"Baseline" is after ${WARMUP} warm-up cycles, "end" after the last cycle; both between cycles ` +
      '(nothing mounted) and after two forced garbage collections. Timers, BroadcastChannels and ' +
      'Web Locks are counted by wrappers installed in the page before its scripts; listeners through ' +
      'CDP `DOMDebugger.getEventListeners`; the rest from CDP `Performance.getMetrics` and ' +
      '`Runtime.getHeapUsage`. The OP iframes of same-site pages share the renderer, so they are in ' +
      'the renderer-wide rows.',
  );
  for (const [name, r] of Object.entries(results)) {
    const subject = SOAK.find((s) => s.name === name);
    out.push('');
    out.push(`## ${subject.label}`);
    out.push('');
    if (r.error) {
      out.push(`Failed: ${r.error}`);
      continue;
    }
    out.push(
      `${r.cycles} cycles after the warm-up; status each mount reached: ${Object.entries(r.statuses)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}; OP iframe loads: ${r.iframeLoads}. JS heap after GC at the start and ` +
        `at each quarter: ${r.heap.join(', ')} kB.`,
    );
    out.push('');
    out.push('| | baseline | end | change |');
    out.push('| --- | ---: | ---: | ---: |');
    for (const key of Object.keys(r.baseline)) {
      const d = r.end[key] - r.baseline[key];
      out.push(`| ${key} | ${r.baseline[key]} | ${r.end[key]} | ${d > 0 ? `+${d}` : d} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

log('building the bench pages...');
buildPages();
const op = await startBenchOp(OP_ORIGIN, SOAK, SINK_ORIGIN);
const closeServers = await serveBench(`${BENCH}dist`, SOAK, new URL(SINK_ORIGIN).port);
const browser = await launch();
const results = {};
const started = Date.now();
try {
  log(`soaking ${SOAK.map((s) => s.name).join(', ')} side by side for ${DURATION / 1000} s...`);
  await Promise.all(
    SOAK.map(async (s) => {
      try {
        results[s.name] = await soakOne(browser, op, s);
      } catch (err) {
        results[s.name] = { error: err.message.split('\n')[0] };
      }
    }),
  );
} finally {
  await browser.close().catch(() => {});
  await closeServers();
  await op.close();
}
const meta = describeMachine(ROOT, {
  quick,
  durationMs: Date.now() - started,
  intervals: [INTERVAL],
});
const md = render(meta, results);
log(`\n${md}`);
if (write) {
  mkdirSync(`${ROOT}docs/bench`, { recursive: true });
  writeFileSync(`${ROOT}docs/bench/soak.md`, md);
  log('wrote docs/bench/soak.md');
}
