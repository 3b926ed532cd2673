// Dashboard bench: how long the web bundle (dist/web/dashboard.js) takes in headless chromium to draw
//   - the overview of 200 sessions (4 charts, the sessions table, the findings-by-type table), target ≤ 500 ms;
//   - a session panel whose timeline has 10,000 events (3 charts, header, findings), target ≤ 300 ms;
// from the host's message arriving in the page (as JSON text, parsed in the timed span: a webview's message is
// serialized on its way) to the charts drawn (the canvases read back). The models are built by the
// real core code (out/src/core/dashboard, compiled by `npm run compile-tests`) from synthetic snapshots and events;
// building them in Node is timed too. Each view is measured on 5 fresh pages; the median is held against the target.
// Prints a table and writes it between the dashboard markers of bench/RESULTS.md.
//
// Baselines, measured in the same run and browser: a bare uPlot line chart of 10,000 points at the same size (the
// library's own cost, what no dashboard code can go under; the table gives each view's median as a ratio of it), and
// JSON.parse of each view's message alone. With --compare <bundle> (e.g. the previous commit's dist/web/dashboard.js)
// that bundle is measured too, page after page with this one, so both see the same machine load.
//
//   npm run bench                      (all benches)
//   node bench/dashboard.bench.mjs     (after npm run compile-tests; builds the web bundle if it is missing)
//   node bench/dashboard.bench.mjs --out out-x   (the core compiled into another folder)
//   node bench/dashboard.bench.mjs --bundle out-x/web/dashboard.js   (a web bundle built elsewhere)
//   node bench/dashboard.bench.mjs --compare old/dashboard.js         (against another bundle in the same run)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RUNS = 5;
const loadAtStart = os.loadavg()[0];
const TARGETS = { overview: 500, session: 300 };
const SESSIONS = 200;
const EVENTS = 10_000;

const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : 'out';
const out = (p) => path.join(root, outDir, 'src', 'core', ...p.split('/'));
for (const f of ['dashboard/overview.js', 'dashboard/timeline.js', 'dashboard/sessionPanel.js']) {
  if (!fs.existsSync(out(f))) {
    console.error(`${outDir}/src/core/${f} is missing: run npm run compile-tests first`);
    process.exit(2);
  }
}
const bundleArg = process.argv.indexOf('--bundle');
const bundle = bundleArg > 0 ? path.resolve(process.argv[bundleArg + 1]) : path.join(root, 'dist', 'web', 'dashboard.js');
if (!fs.existsSync(bundle)) {
  console.log('dist/web/dashboard.js is missing: building the web bundle');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--config-name', 'web', '--mode', 'production'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
const { buildOverview } = require(out('dashboard/overview.js'));
const { TimelineBuilder } = require(out('dashboard/timeline.js'));
const { buildSessionPanel } = require(out('dashboard/sessionPanel.js'));

// ---- synthetic data ----------------------------------------------------------------------------------------------
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const NOW = Date.now();
const AGENTS = ['claude-code', 'codex', 'gemini', 'qwen', 'aider'];
const TYPES = [
  ['rate_limit', 'Rate limit (429)', 'HIGH', 'backoff'],
  ['auth_failure', 'Authentication failed (401/403)', 'CRITICAL', 'halt_and_notify'],
  ['context_overflow', 'Context window exceeded', 'HIGH', 'compact_context'],
  ['tool_loop', 'Repeated tool call (loop)', 'MEDIUM', 'break_loop_and_notify'],
  ['server_error', 'Server error (5xx)', 'LOW', 'backoff'],
];

function snapshot(i) {
  const firstSeen = NOW - Math.floor(rand() * 6 * 86_400_000);
  const lastActivity = Math.min(NOW, firstSeen + Math.floor(rand() * 8 * 3_600_000));
  const findings = [];
  const n = Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const [type, title, severity, strategy] = TYPES[Math.floor(rand() * TYPES.length)];
    const seen = firstSeen + Math.floor(rand() * (lastActivity - firstSeen + 1));
    findings.push({
      id: i * 10 + k,
      sessionId: `s-${i}`,
      type,
      title,
      severity,
      strategy,
      count: 1 + Math.floor(rand() * 5),
      firstSeen: seen,
      lastSeen: Math.min(lastActivity, seen + 60_000),
      lastText: `API Error: ${title}`,
      status: rand() < 0.6 ? 'open' : 'resolved',
      snoozedUntil: 0,
      escalation: '',
    });
  }
  const open = findings.filter((f) => f.status === 'open');
  const worst = open.some((f) => f.severity === 'CRITICAL') ? 'critical' : open.length ? 'warning' : 'ok';
  const input = Math.floor(rand() * 2_000_000);
  return {
    id: `s-${i}`,
    agent: AGENTS[i % AGENTS.length],
    project: `project-${i % 17}`,
    title: `Session ${i}: refactor the module ${i % 31}`,
    cwd: `/work/project-${i % 17}`,
    file: '',
    firstSeen,
    lastActivity,
    messageCount: Math.floor(rand() * 400),
    tokens: { input, output: Math.floor(input / 20), cacheRead: input * 3, cacheCreation: Math.floor(input / 5) },
    costUsd: Math.round(rand() * 4000) / 100,
    model: 'claude-sonnet-4-5',
    skippedLines: 0,
    lastError: '',
    lastErrorAt: 0,
    health: worst,
    findings,
    activity: { state: ['working', 'waiting', 'stuck', 'dead', 'unknown'][i % 5], sinceMs: lastActivity, detail: '', processKnown: false },
    marathon: { count: 0, limit: 0, warnAt: 0 },
    context: rand() < 0.8 ? { usedTokens: 100_000, windowTokens: 200_000, percent: rand() * 100, model: 'claude-sonnet-4-5' } : undefined,
    resumeBroken: false,
  };
}

function events(sessionId, n) {
  const out = [];
  const start = NOW - 6 * 3_600_000;
  let ctx = 10_000;
  for (let i = 0; i < n; i++) {
    const t = start + i * 2_000;
    const base = { sessionId, agent: 'claude-code', timestamp: t, origin: { file: '/tmp/x.jsonl', offset: i * 300 } };
    const r = i % 10;
    if (r === 0) out.push({ ...base, kind: 'user', text: `Prompt ${i}: fix the failing test in module ${i % 50}` });
    else if (r < 4) {
      ctx = ctx > 180_000 ? 20_000 : ctx + 1_500;
      out.push({
        ...base,
        kind: 'assistant',
        text: `Reply ${i}`,
        messageId: `m-${i}`,
        model: 'claude-sonnet-4-5-20250929',
        usage: { input: 5, output: 400, cacheRead: ctx - 2000, cacheCreation: 1595 },
      });
    } else if (r < 7)
      out.push({ ...base, kind: 'tool_call', text: `{"command":"npm test -- ${i}"}`, toolName: 'Bash', messageId: `m-${i - 1}` });
    else if (r < 9) out.push({ ...base, kind: 'tool_result', text: 'ok', toolName: 'Bash', isError: i % 7 === 0 });
    else if (i % 30 === 9)
      out.push({
        ...base,
        kind: 'error',
        text: `API error 429 rate_limit_error: Rate limited (retry ${(i % 10) + 1}/10 in 4000 ms)`,
        httpStatus: 429,
        isError: true,
      });
    else if (i % 500 === 19) out.push({ ...base, kind: 'system', text: 'Conversation compacted', compaction: true });
    else out.push({ ...base, kind: 'system', text: 'hook' });
  }
  return out;
}

const time = (fn) => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};
const sessions = Array.from({ length: SESSIONS }, (_, i) => snapshot(i));
const [overview, overviewBuildMs] = time(() =>
  buildOverview(sessions, { now: NOW, limit: 20, liveWindowMs: 180 * 60_000, prediction: { atMs: NOW + 3_600_000, perHour: 2 } }),
);
const evs = events('s-big', EVENTS);
const [panel, panelBuildMs] = time(() => {
  const b = new TimelineBuilder('s-big', () => NOW);
  b.add(evs);
  const base = snapshot(999);
  // The session's findings fall within its events' six hours (as a real session's do), so the timeline spans them.
  const first = evs[0].timestamp;
  const findings = base.findings.map((f, k) => ({
    ...f,
    firstSeen: first + (k + 1) * 3_600_000,
    lastSeen: first + (k + 1) * 3_600_000 + 600_000,
  }));
  const s = {
    ...base,
    findings,
    id: 's-big',
    file: '/tmp/x.jsonl',
    firstSeen: first,
    lastActivity: NOW,
    messageCount: b.timeline().totals.messages,
  };
  return buildSessionPanel(s, b.timeline(), { now: NOW, warnPercent: 80, audit: [], fromTranscript: true });
});

// ---- chromium ----------------------------------------------------------------------------------------------------
const { chromium } = require('playwright-core');
const css = ['node_modules/uplot/dist/uPlot.min.css', 'media/dashboard/dashboard.css']
  .map((f) => fs.readFileSync(path.join(root, f), 'utf8'))
  .join('\n');
const script = fs.readFileSync(bundle, 'utf8');
const compareArg = process.argv.indexOf('--compare');
const compare = compareArg > 0 ? path.resolve(process.argv[compareArg + 1]) : undefined;
const compareScript = compare ? fs.readFileSync(compare, 'utf8') : undefined;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

/** Render time of one view on a fresh page: the message's JSON parsed, dispatched, every canvas drawn. */
async function measure(view, json, code) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head>
    <body class="vscode-dark" data-view="${view}" data-session-id="s-big"><main id="app"></main><div id="announcer"></div></body></html>`);
  await page.addScriptTag({ content: code });
  const ms = await page.evaluate(async (text) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(text) }));
    await new Promise((r) => setTimeout(r, 0));
    const canvases = [...document.querySelectorAll('canvas')];
    canvases.forEach((c) => c.getContext('2d').getImageData(0, 0, 1, 1));
    if (canvases.length === 0) throw new Error('no chart was drawn');
    return performance.now() - t0;
  }, json);
  await page.close();
  return ms;
}

/** JSON.parse of a message alone, on a fresh page. */
async function measureParse(json) {
  const page = await browser.newPage();
  const ms = await page.evaluate((text) => {
    const t0 = performance.now();
    const o = JSON.parse(text);
    if (!o.type) throw new Error('not a message');
    return performance.now() - t0;
  }, json);
  await page.close();
  return ms;
}

async function measureBaseline() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><div id="plot"></div></body></html>`);
  await page.addScriptTag({ path: path.join(root, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js') });
  const ms = await page.evaluate(async (n) => {
    const x = Array.from({ length: n }, (_, i) => 1_700_000_000 + i * 2);
    const y = x.map((_, i) => Math.sin(i / 50) * 100 + i / 100);
    const t0 = performance.now();
    new uPlot({ width: 1360, height: 260, series: [{}, { stroke: 'red' }] }, [x, y], document.getElementById('plot'));
    await new Promise((r) => setTimeout(r, 0));
    document.querySelector('canvas').getContext('2d').getImageData(0, 0, 1, 1);
    return performance.now() - t0;
  }, EVENTS);
  await page.close();
  return ms;
}

const views = [
  ['overview', JSON.stringify({ type: 'overview', model: overview })],
  ['session', JSON.stringify({ type: 'session', model: panel })],
];
const results = { baseline: [] };
for (const [view] of views) {
  results[view] = [];
  results[`${view}:parse`] = [];
  results[`${view}:compare`] = [];
}
for (let i = 0; i < RUNS; i++) {
  results.baseline.push(await measureBaseline());
  for (const [view, json] of views) {
    results[view].push(await measure(view, json, script));
    if (compareScript) results[`${view}:compare`].push(await measure(view, json, compareScript));
    results[`${view}:parse`].push(await measureParse(json));
  }
}
await browser.close();

// ---- report ------------------------------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms) => `${ms.toFixed(0)} ms`;
const kb = (json) => `${Math.round(json.length / 1024)} KB`;
const base = median(results.baseline);
const rows = [
  ['overview, 200 sessions', overviewBuildMs, views[0][1], 'overview', TARGETS.overview],
  [`session timeline, ${EVENTS.toLocaleString('en')} events`, panelBuildMs, views[1][1], 'session', TARGETS.session],
];
const cpu = os.cpus();
const row = (name, build, json, ms, target, parse) => {
  const m = median(ms);
  return `| ${name} | ${f(build)} | ${kb(json)} (parse ${f(median(parse))}) | ${f(m)} | ${f(ms[0])} | ${f(Math.max(...ms))} | ${(m / base).toFixed(1)}× | ≤ ${target} ms | ${m <= target ? 'met' : 'MISSED'} |`;
};
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'} (load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end), Node ${process.version}, headless Debian chromium (playwright-core), web bundle ${Math.round(script.length / 1024)} KB. Render: from the model's message arriving in the page as JSON text (parsed in the timed span) to every chart drawn, ${RUNS} fresh pages each. Baselines in the same run: a bare uPlot line chart of ${EVENTS.toLocaleString('en')} points, median ${f(base)}; JSON.parse of each message alone (in the message column).`,
  '',
  '| View | model built in Node | message | render median | first | max | × baseline | target | |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.flatMap(([name, build, json, key, target]) => [
    row(name, build, json, results[key], target, results[`${key}:parse`]),
    ...(compareScript
      ? [
          row(
            `${name}, compared bundle (${path.relative(root, compare)})`,
            build,
            json,
            results[`${key}:compare`],
            target,
            results[`${key}:parse`],
          ),
        ]
      : []),
  ]),
];
console.log(lines.join('\n'));
const file = path.join(root, 'bench', 'RESULTS.md');
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
const block = `<!-- dashboard:start -->\n${lines.join('\n')}\n<!-- dashboard:end -->`;
if (process.argv.includes('--no-write')) {
  // figures printed only
} else {
  const next = /<!-- dashboard:start -->[\s\S]*?<!-- dashboard:end -->/.test(current)
    ? current.replace(/<!-- dashboard:start -->[\s\S]*?<!-- dashboard:end -->/, block)
    : `${current.trimEnd()}\n\n## Dashboard\n\n${block}\n`;
  fs.writeFileSync(file, next);
}
if (rows.some(([, , , key, target]) => median(results[key]) > target)) process.exitCode = 1;
