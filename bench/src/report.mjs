// Turns a bench run into the markdown tables (stdout, docs/bench/results.md) and a hand-drawn SVG
// bar chart of the ratios (docs/bench/results.svg).

const OURS = 'ours-react';
const PEER = 'oidc-client-ts';
const REACT_PEER = 'react-oidc-context';

const at = (obj, ...path) => path.reduce((o, k) => (o == null ? undefined : o[k]), obj);

/**
 * The headline rows. `get(results, interval, subject)`; every metric is "lower is better".
 * `ours`/`peer`: the subjects compared (the Angular row compares the Angular pages).
 */
export const HEADLINE = [
  {
    id: 'op-logout',
    label: 'logout at the OP → tab shows it (median ms)',
    get: (r, i, s) => at(r.opLogout, i, s, 'median'),
    why:
      'both poll at the same interval, then make one silent prompt=none request: the same limit ' +
      '(the clicks land at the same phases of the poll cycle for every subject); the next row ' +
      'is the part after the poll',
  },
  {
    id: 'op-logout-reaction',
    label: 'OP iframe answers `changed` → tab shows it (median ms)',
    get: (r, i, s) => at(r.opLogout, i, s, 'reaction', 'median'),
    why:
      'one silent prompt=none request in a hidden iframe, then the render; the bench pages of ' +
      "both React subjects load React in that iframe, the framework-free oidc-client-ts page's " +
      'does not',
  },
  {
    id: 'tab-sign-out-3',
    label: 'sign-out in 1 of 3 tabs → the other 2 show it (median ms)',
    get: (r, i, s) => at(r.tabSignOut, i, 3, s, 'median'),
    why: 'ours tells the other tabs at once; the peers wait for the OP logout and their next poll',
  },
  {
    id: 'tab-sign-out-10',
    label: 'sign-out in 1 of 10 tabs → the other 9 show it (median ms)',
    get: (r, i, s) => at(r.tabSignOut, i, 10, s, 'median'),
  },
  {
    id: 'visible',
    label: 'tab shown again → OP iframe checked (median ms)',
    get: (r, i, s) => at(r.visibility, i, s, 'median'),
    why: 'ours checks on visibilitychange; the peers at their next interval tick',
  },
  {
    id: 'hidden-checks',
    label: 'checks per minute while the tab is hidden',
    get: (r, i, s) => at(r.visibility, i, s, 'hiddenChecksPerMinute'),
  },
  {
    id: 'checks-10',
    label: 'checks per minute, 10 quiet tabs',
    get: (r, i, s) => at(r.tabs, i, 10, s, 'quiet', 'checksPerMinute'),
  },
  {
    id: 'iframes-10',
    label: 'OP iframes alive, 10 tabs',
    get: (r, i, s) => at(r.tabs, i, 10, s, 'quiet', 'opIframes'),
  },
  {
    id: 'pollers-10',
    label: 'pollers alive, 10 tabs',
    get: (r, i, s) => at(r.tabs, i, 10, s, 'quiet', 'pollers'),
  },
  {
    id: 'authorize-10',
    label: 'silent prompt=none requests per OP logout, 10 tabs',
    get: (r, i, s) => at(r.tabs, i, 10, s, 'change', 'silentAuthorize'),
  },
  {
    id: 'requests-10',
    label: 'HTTP requests of the app tabs per OP logout, 10 tabs',
    get: (r, i, s) => at(r.tabs, i, 10, s, 'change', 'requests'),
  },
  {
    id: 'script-per-check',
    label: 'script ms on the main thread per check, 1 quiet tab',
    get: (r, i, s) => at(r.tabs, i, 1, s, 'quiet', 'scriptMsPerCheck'),
    why: 'a fraction of a millisecond per check either way; see the quiet-tab table and the none baseline',
  },
  {
    id: 'angular-cd',
    label: 'Angular change detections per quiet minute (zone.js)',
    ours: 'ours-angular',
    peer: 'oidc-client-ts-angular',
    get: (r, i, s) => at(r.tabs, i, 1, s, 'quiet', 'changeDetectionsPerMinute'),
  },
];

const num = (v, digits = 0) =>
  v == null || Number.isNaN(v)
    ? '–'
    : Number(v).toFixed(v !== 0 && Math.abs(v) < 10 ? Math.max(digits, 1) : digits);

export function ratio(ours, peer) {
  if (ours == null || peer == null || Number.isNaN(ours) || Number.isNaN(peer)) return null;
  if (peer === 0) return ours === 0 ? 1 : Infinity;
  return ours / peer;
}

const fmtRatio = (q) =>
  q == null
    ? '–'
    : q === Infinity
      ? '∞'
      : q >= 10
        ? `${q.toFixed(0)}×`
        : q >= 0.1
          ? `${q.toFixed(2)}×`
          : `${q.toFixed(3)}×`;

/** Headline rows at one interval: values and ratio. */
export function headlineRows(results, interval) {
  return HEADLINE.map((m) => {
    const ours = m.get(results, interval, m.ours ?? OURS);
    const peer = m.get(results, interval, m.peer ?? PEER);
    const reactPeer = m.peer ? undefined : m.get(results, interval, REACT_PEER);
    return { ...m, ours, peer, reactPeer, ratio: ratio(ours, peer) };
  });
}

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderMarkdown({ meta, plan, results }, notes = {}) {
  const intervals = meta.intervals;
  const out = [];
  out.push('# Benchmark results');
  out.push('');
  out.push(
    `Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC with \`pnpm bench${meta.quick ? ' --quick' : ''}\` ` +
      `(${Math.round(meta.durationMs / 60000)} min): ${meta.nproc} CPUs (${meta.cpu}), ${meta.memoryGiB} GiB, ` +
      `${meta.chromium} headless, Node.js ${meta.node}; ${meta.measured}.`,
  );
  out.push('');
  out.push(
    `Versions: ${Object.entries(meta.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  out.push('');
  out.push(
    '**Ratio** = ours / oidc-client-ts (its own `monitorSession`), same OP, same poll interval, same run. ' +
      'Every figure is "lower is better": a ratio below 1 means ours is ahead. The absolute ' +
      'milliseconds depend on the machine; the ratio is the figure to compare.',
  );
  for (const interval of intervals) {
    out.push('');
    out.push(`## Headline, poll interval ${interval / 1000} s`);
    out.push('');
    out.push(
      table(
        ['metric', 'ours', 'oidc-client-ts', 'react-oidc-context', 'ratio', 'note'],
        headlineRows(results, interval).map((r) => [
          r.label,
          num(r.ours),
          num(r.peer),
          r.peer !== undefined && r.reactPeer === undefined ? '(Angular row)' : num(r.reactPeer),
          fmtRatio(r.ratio),
          notes[r.id] ??
            (r.ratio != null && r.ratio > 1.05
              ? `**ours behind**${r.why ? `: ${r.why}` : ''}`
              : ''),
        ]),
      ),
    );
  }

  const subjects = (obj) => Object.keys(obj ?? {});
  const stat = (s) =>
    s?.error
      ? ['error', '', '', '', '', s.error]
      : [num(s?.median), num(s?.p95), num(s?.min), num(s?.max), s?.n ?? 0, s?.missed ?? 0];
  const statHead = ['median', 'p95', 'min', 'max', 'n', 'missed'];

  out.push('');
  out.push('## Details');
  out.push('');
  out.push('### Logout at the OP (in another tab) → the tab shows it, ms');
  out.push('');
  out.push(
    table(
      ['interval', 'subject', ...statHead],
      intervals.flatMap((i) =>
        subjects(results.opLogout[i]).map((s) => [
          `${i / 1000} s`,
          s,
          ...stat(results.opLogout[i][s]),
        ]),
      ),
    ),
  );
  out.push('');
  out.push(
    "Of those trials: the OP iframe's first `changed` answer after the click → the tab shows it " +
      '(the silent re-check and the render); the phase: the last answer before the click → ' +
      'the click; and "one more poll": the trials in which a poll after the click still answered ' +
      "`unchanged` (it came before the OP's logout response changed the cookie) and the tab " +
      'waited one more interval.',
  );
  out.push('');
  out.push(
    table(
      [
        'interval',
        'subject',
        'reaction median',
        'p95',
        'min',
        'max',
        'n',
        'phase median',
        'min',
        'max',
        'one more poll',
      ],
      intervals.flatMap((i) =>
        subjects(results.opLogout[i]).map((s) => {
          const r = results.opLogout[i][s];
          if (r?.error || !r?.reaction)
            return [`${i / 1000} s`, s, '–', '', '', '', '', '', '', '', ''];
          return [
            `${i / 1000} s`,
            s,
            num(r.reaction.median),
            num(r.reaction.p95),
            num(r.reaction.min),
            num(r.reaction.max),
            r.reaction.n,
            num(r.phase.median),
            num(r.phase.min),
            num(r.phase.max),
            r.stale ?? '–',
          ];
        }),
      ),
    ),
  );
  out.push('');
  out.push('### Sign-out in one tab → each other tab shows it, ms (one value per other tab)');
  out.push('');
  out.push(
    table(
      ['interval', 'tabs', 'subject', ...statHead],
      intervals.flatMap((i) =>
        [3, 10].flatMap((t) =>
          subjects(at(results.tabSignOut, i, t)).map((s) => [
            `${i / 1000} s`,
            t,
            s,
            ...stat(results.tabSignOut[i][t][s]),
          ]),
        ),
      ),
    ),
  );
  out.push('');
  out.push('### Tab shown again → the OP iframe gets a check, ms; checks per minute while hidden');
  out.push('');
  out.push(
    table(
      ['interval', 'subject', ...statHead, 'checks/min hidden'],
      intervals.flatMap((i) =>
        subjects(results.visibility[i]).map((s) => [
          `${i / 1000} s`,
          s,
          ...stat(results.visibility[i][s]),
          num(results.visibility[i][s]?.hiddenChecksPerMinute, 1),
        ]),
      ),
    ),
  );
  out.push('');
  out.push('### Quiet tabs (nothing happens at the OP)');
  out.push('');
  out.push(
    table(
      [
        'interval',
        'tabs',
        'subject',
        'checks/min',
        'HTTP requests/min',
        'OP iframes',
        'pollers',
        'main-thread ms/min',
        'script ms/min',
        'script ms/check',
        'Angular CD/min',
      ],
      intervals.flatMap((i) =>
        [1, 3, 10].flatMap((t) =>
          subjects(at(results.tabs, i, t)).map((s) => {
            const q = results.tabs[i][t][s]?.quiet;
            if (!q)
              return [
                `${i / 1000} s`,
                t,
                s,
                'error',
                '',
                '',
                '',
                '',
                '',
                '',
                results.tabs[i][t][s]?.error ?? '',
              ];
            return [
              `${i / 1000} s`,
              t,
              s,
              num(q.checksPerMinute),
              num(q.requestsPerMinute),
              q.opIframes,
              q.pollers,
              num(q.taskMsPerMinute),
              num(q.scriptMsPerMinute),
              num(q.scriptMsPerCheck, 2),
              q.changeDetectionsPerMinute == null ? '' : num(q.changeDetectionsPerMinute),
            ];
          }),
        ),
      ),
    ),
  );
  out.push('');
  out.push('### A logout at the OP with N tabs open: detection per tab (ms) and its cost');
  out.push('');
  out.push(
    table(
      [
        'interval',
        'tabs',
        'subject',
        'median',
        'p95',
        'max',
        'tabs missed',
        'silent prompt=none',
        'HTTP requests',
      ],
      intervals.flatMap((i) =>
        [1, 3, 10].flatMap((t) =>
          subjects(at(results.tabs, i, t))
            .filter((s) => results.tabs[i][t][s]?.change)
            .map((s) => {
              const c = results.tabs[i][t][s].change;
              return [
                `${i / 1000} s`,
                t,
                s,
                num(c.median),
                num(c.p95),
                num(c.max),
                c.missed,
                c.silentAuthorize,
                c.requests,
              ];
            }),
        ),
      ),
    ),
  );
  out.push('');
  out.push('## How it is measured');
  out.push('');
  out.push(METHOD(plan));
  return `${out.join('\n')}\n`;
}

const METHOD = (plan) =>
  `- Subjects, each a page of one Vite production build on its own origin and OP client, all with
  the same oidc-client-ts 3.5 \`UserManager\` settings (user in localStorage, so tabs share it):
  **ours-react** (\`@oidc-session/react\` over \`@oidc-session/core\`, oidc-client-ts's monitor off),
  **oidc-client-ts** (framework-free page, \`monitorSession: true\`, \`userSignedOut\` shown),
  **react-oidc-context** (\`useAuth()\`, \`monitorSession: true\`), **none** (signed in, no
  monitoring: the baseline of the main-thread figures), **ours-angular** and
  **oidc-client-ts-angular** (zone.js apps, JIT-compiled, async/await lowered as the Angular CLI
  does for zone.js apps).
- The OP is the dev OP (oidc-provider 6.31.1) on \`localhost:4051\`, the pages on
  \`localhost:5191-5196\` (same site, so the OP iframe sees its cookie). Front-channel logout is
  ignored by every page: detection is by polling (and, for ours, by its tab channel).
- A check is a message received by the OP's check_session iframe, counted inside that iframe, so
  every library is counted the same way. "Shows it" is the time the page rendered the new status.
- Logout at the OP: the OP's end-session page in another tab of the same browser, confirmed a set
  time after an answer of the OP iframe: ${plan.opLogout} phases spread evenly over one interval, in
  the same shuffled order for every subject, a fresh sign-in each trial.
- Sign-out in one tab: the app's sign-out button (RP-initiated logout, confirmed at the OP at
  once); ${plan.tabSignOut[3]} trials with 3 tabs, ${plan.tabSignOut[10]} with 10; each other tab is one value.
- Tab shown: headless Chromium reports every tab as visible, so \`document.visibilityState\` is
  overridden and \`visibilitychange\` dispatched; hidden for a random 1-2 intervals, ${plan.visibility} trials.
  Browsers also throttle timers in hidden tabs, which this does not simulate.
- Quiet windows of ${plan.quietMs / 1000} s: checks, HTTP requests of the app tabs (Playwright \`request\` events),
  main-thread time from CDP \`Performance.getMetrics\` (TaskDuration, ScriptDuration: the tab's
  renderer, the OP iframe included), Angular change detections by counting \`ApplicationRef\` ticks.
- Subjects run side by side (one browser context each) so they share the machine's noise;
  the 10-tab runs leave out the baseline and Angular pages.
`;

/** A horizontal bar per headline metric: log-scale ratio around 1×. */
export function renderSvg({ meta, results }) {
  const interval = meta.intervals[0];
  const rows = headlineRows(results, interval).filter(
    (r) => r.ratio != null && Number.isFinite(r.ratio),
  );
  const W = 860;
  const left = 360;
  const right = 110; // the value column
  const rowH = 26;
  const top = 58;
  const H = top + rows.length * rowH + 40;
  const min = Math.log10(1 / 100);
  const max = Math.log10(4);
  const x = (q) =>
    left +
    ((Math.log10(Math.min(Math.max(q, 1 / 100), 4)) - min) / (max - min)) * (W - left - right);
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(
    `<text x="12" y="20" font-size="14" font-weight="bold">@oidc-session vs oidc-client-ts monitorSession: ratio ours / theirs (log scale, lower is better)</text>`,
  );
  parts.push(
    `<text x="12" y="38" fill="#555">poll interval ${interval / 1000} s; ${esc(meta.date.slice(0, 10))}; ${meta.nproc} CPUs; ${esc(meta.chromium ?? '')}</text>`,
  );
  parts.push(`<text x="${W - 12}" y="${top - 10}" text-anchor="end" fill="#555">ratio</text>`);
  for (const tick of [0.01, 0.1, 0.5, 1, 2, 4]) {
    const tx = x(tick);
    parts.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${H - 30}" stroke="${tick === 1 ? '#333' : '#ddd'}"/>`,
    );
    const mark = tick === 0.01 ? '≤0.01×' : `${tick}×`;
    parts.push(`<text x="${tx}" y="${H - 16}" text-anchor="middle" fill="#555">${mark}</text>`);
  }
  rows.forEach((r, idx) => {
    const y = top + idx * rowH;
    const x1 = x(1);
    const x2 = x(r.ratio);
    const ahead = r.ratio <= 1;
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(
      `<rect x="${Math.min(x1, x2)}" y="${y + 4}" width="${Math.max(Math.abs(x2 - x1), 1)}" height="${rowH - 10}" fill="${ahead ? '#2e7d32' : '#c62828'}"/>`,
    );
    parts.push(
      `<text x="${W - 12}" y="${y + 15}" text-anchor="end" fill="${ahead ? '#2e7d32' : '#c62828'}">${esc(fmtRatio(r.ratio))}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
