#!/usr/bin/env node
// Builds a Claude Code history for the benchmarks from the project's real Claude Code transcripts
// (test/fixtures/claude, written by the real CLI 2.1.330; see PROVENANCE.md there):
//   node scripts/make-history.mjs <sessions> <target MB> <out folder> [--seed n] [--days n]
// The out folder is laid out as a home folder: <out>/.claude/projects/<project>/<session id>.jsonl. Each session file is
// the real conversations one after another (happy, tool use, tool loop, rate limits, 401, 529, 500, hang, prompt too
// long, compact, ...), repeated until the file reaches its share of the target size (1 MB = 1,048,576 bytes). Each copy
// gets fresh ids (uuids, message, request and tool-use ids; the session's own id), timestamps moved so the copies follow
// one another, and its tool results filled with real source text of this repository's files, numbered as Claude Code's
// Read tool shows a file (a few hundred bytes to 6 KB each, about 2.4 KB on average), since Read and Grep results are
// most of a real transcript's bytes. The hand-made files (garbage.jsonl, crlf_bom.jsonl) are left out.
// The sessions start spread over the last `--days` days (default 30) up to now, as a month of use looks. The same
// arguments and seed give the same bytes, except for the timestamps (anchored at the hour the script runs).
// Prints one JSON line: { sessions, bytes, lines, files, out }.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

/** The real transcripts, as arrays of lines (the hand-made bad-input files excluded). */
function conversations() {
  const dir = join(root, 'test', 'fixtures', 'claude');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl') && n !== 'garbage.jsonl' && n !== 'crlf_bom.jsonl')
    .sort()
    .map((n) =>
      readFileSync(join(dir, n), 'utf8')
        .split('\n')
        .filter((l) => l.trim()),
    );
}

/** This repository's source and documentation files, as lines: what a Read or Grep of the project returns. */
function sourceFiles() {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (/\.(ts|md|mjs)$/.test(e.name) && statSync(p).size > 2000) {
        out.push({ path: relative(root, p), lines: readFileSync(p, 'utf8').split('\n') });
      }
    }
  };
  for (const d of ['src', 'docs', 'scripts', 'bench']) {
    walk(join(root, d));
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so the same seed gives the same history. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main() {
  const args = process.argv.slice(2);
  const flag = (name, dflt) => {
    const i = args.indexOf(name);
    if (i < 0) {
      return dflt;
    }
    const v = Number(args[i + 1]);
    args.splice(i, 2);
    return v;
  };
  const seed = flag('--seed', 1);
  const days = flag('--days', 30);
  const [sessionsArg, mbArg, outArg] = args;
  const sessions = Number(sessionsArg);
  const targetBytes = Number(mbArg) * MB;
  if (!(sessions > 0) || !(targetBytes > 0) || !outArg) {
    console.error('usage: node scripts/make-history.mjs <sessions> <target MB> <out folder> [--seed n] [--days n]');
    process.exit(2);
  }
  const random = rng(seed);
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      s += Math.floor(random() * 16).toString(16);
    }
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
  const convs = conversations();
  const sources = sourceFiles();
  const projects = Math.max(1, Math.ceil(sessions / 12));
  const projectsDir = join(outArg, '.claude', 'projects');
  rmSync(join(outArg, '.claude'), { recursive: true, force: true });
  const now = Math.floor(Date.now() / 3600_000) * 3600_000;
  const span = days * 24 * 3600_000;
  const perSession = Math.ceil(targetBytes / sessions);

  /** Real source text as Claude Code's Read tool shows it ("     1→line"), about `bytes` long. */
  const readResult = (bytes) => {
    const f = sources[Math.floor(random() * sources.length)];
    let at = Math.floor(random() * Math.max(1, f.lines.length - 20));
    let text = '';
    while (text.length < bytes && at < f.lines.length) {
      text += `${String(at + 1).padStart(6)}\u2192${f.lines[at]}\n`;
      at++;
    }
    return text;
  };

  /** One copy of a conversation with fresh ids, for session `sessionId`, starting at `start` (epoch ms). Returns lines and its end. */
  const copy = (lines, sessionId, cwd, start) => {
    const ids = new Map();
    const fresh = (old, make) => {
      let v = ids.get(old);
      if (!v) {
        v = make();
        ids.set(old, v);
      }
      return v;
    };
    let first;
    let last = start;
    const out = [];
    for (const line of lines) {
      const o = JSON.parse(line);
      const ts = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
      if (Number.isFinite(ts)) {
        first ??= ts;
        last = start + (ts - first);
        o.timestamp = new Date(last).toISOString();
      }
      if (o.type === 'user' && Array.isArray(o.message?.content)) {
        for (const b of o.message.content) {
          if (b && b.type === 'tool_result' && !b.is_error) {
            const text = readResult(300 + Math.floor(random() * random() * 9000));
            b.content = text;
            if (o.toolUseResult && typeof o.toolUseResult === 'object') {
              o.toolUseResult.stdout = text;
            }
          }
        }
      }
      let s = JSON.stringify(o);
      s = s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) =>
        m === o.sessionId ? sessionId : fresh(m, uuid),
      );
      s = s.replace(/\b(msg|req|toolu)_01FAKE[0-9A-Za-z]*/g, (m, p) => fresh(m, () => `${p}_01${hex(22)}`));
      s = s.replaceAll('/home/dev/projects/demo-app', cwd).replaceAll('-home-dev-projects-demo-app', cwd.replace(/[^A-Za-z0-9]/g, '-'));
      out.push(s);
    }
    return { lines: out, end: last };
  };

  let totalBytes = 0;
  let totalLines = 0;
  const files = [];
  for (let i = 0; i < sessions; i++) {
    const cwd = `/home/dev/projects/app-${i % projects}`;
    const dir = join(projectsDir, cwd.replace(/[^A-Za-z0-9]/g, '-'));
    mkdirSync(dir, { recursive: true });
    const sessionId = uuid();
    const file = join(dir, `${sessionId}.jsonl`);
    const fd = openSync(file, 'w');
    let bytes = 0;
    let clock = now - span + Math.floor((i * span) / sessions);
    for (let k = i; bytes < perSession; k++) {
      const c = copy(convs[k % convs.length], sessionId, cwd, clock);
      const chunk = c.lines.join('\n') + '\n';
      writeSync(fd, chunk);
      bytes += Buffer.byteLength(chunk);
      totalLines += c.lines.length;
      clock = c.end + 20_000 + Math.floor(random() * 60_000);
    }
    closeSync(fd);
    totalBytes += bytes;
    files.push(file);
  }
  writeFileSync(
    join(outArg, 'history.json'),
    JSON.stringify({
      sessions,
      targetMB: Number(mbArg),
      seed,
      days,
      bytes: totalBytes,
      lines: totalLines,
      builtAt: new Date().toISOString(),
    }),
  );
  console.log(JSON.stringify({ sessions, bytes: totalBytes, lines: totalLines, files: files.length, out: outArg }));
}

main();
