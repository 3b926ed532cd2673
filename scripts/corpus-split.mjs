#!/usr/bin/env node
// Merges a harvested batch of labelled lines into the corpus and splits it by source thread into a development part and
// a blind part, before any detector change (test/fixtures/corpus/README.md, "Blind protocol"). Run once per batch:
//   node scripts/corpus-split.mjs --batch b1 --blind-share 0.4 test/fixtures/corpus/incoming/*.jsonl
// A later batch that only joins the development part: --blind-share 0 --frozen-blind (lines of threads already in the
// blind part are dropped, so the blind part never changes). A check batch, scored once and kept apart: --fresh
// --frozen-blind (written to fresh/<batch>.jsonl).
// Lines are checked (fields, types, secrets), exact duplicates dropped (the first copy kept, conflicting labels counted),
// at most 6 lines kept per thread. A thread already in the corpus stays in the development part; any other thread goes
// to the blind part when sha256(salt + thread) falls under the share. Writes dev/<batch>-<file>.jsonl,
// blind/<batch>.jsonl, and prints a summary (JSON) to paste into the README.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string' },
    'frozen-blind': { type: 'boolean' },
    fresh: { type: 'boolean' },
    'blind-share': { type: 'string', default: '0.4' },
    salt: { type: 'string', default: 'session-doctor-blind-2026-11-30' },
    corpus: { type: 'string', default: 'test/fixtures/corpus' },
  },
});
if (!values.batch || positionals.length === 0) {
  console.error('usage: corpus-split.mjs --batch <id> [--blind-share 0.4] <harvested.jsonl>...');
  process.exit(2);
}
const TYPES = new Set([
  'auth',
  'budget_exceeded',
  'quota_exhausted',
  'token_limit',
  'output_limit',
  'context_pressure',
  'stale_session',
  'content_filter',
  'overloaded',
  'server_error',
  'timeout',
  'network',
  'json_parse',
  'bad_request',
  'repeated_tool_call',
  'session_stuck',
  'process_crash',
  'rate_limit',
  'marathon_session',
]);
const SECRET = /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|\bAIza[0-9A-Za-z_-]{30,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[bp]-[A-Za-z0-9-]{20,}/;
const MAX_PER_THREAD = 6;

/** The thread a source names: a GitHub issue or pull request (owner/repo#n), else the URL or text without its fragment. */
export function threadOf(source) {
  const m = /github\.com\/([^/]+\/[^/#?]+)\/(?:issues|pull|discussions)\/(\d+)/.exec(source);
  if (m) {
    return `${m[1].toLowerCase()}#${m[2]}`;
  }
  return source.replace(/#.*$/, '').replace(/\/+$/, '');
}

const readJsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${err.message}`);
      }
    });

const corpusFiles = (dir) => {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
};
const devDir = join(values.corpus, 'dev');
const blindDir = join(values.corpus, 'blind');
const existing = [...corpusFiles(devDir), ...corpusFiles(blindDir), ...corpusFiles(join(values.corpus, 'fresh'))].flatMap(readJsonl);
const seenText = new Map(existing.map((o) => [o.text, o.expected]));
const freshDir0 = join(values.corpus, 'fresh');
const devThreads = new Set([...corpusFiles(devDir), ...corpusFiles(freshDir0)].flatMap(readJsonl).map((o) => threadOf(o.source)));
const blindThreads = new Set(
  corpusFiles(blindDir)
    .flatMap(readJsonl)
    .map((o) => threadOf(o.source)),
);

const summary = {
  batch: values.batch,
  read: 0,
  kept: 0,
  duplicates: 0,
  conflictingLabels: 0,
  overThreadCap: 0,
  rejected: [],
  dev: {},
  blind: {},
};
const perThread = new Map();
const out = { dev: new Map(), blind: [], fresh: [] };
const share = Number(values['blind-share']);
for (const file of positionals) {
  for (const o of readJsonl(file)) {
    summary.read++;
    const problem =
      typeof o.text !== 'string' || !o.text.trim()
        ? 'no text'
        : typeof o.source !== 'string' || !o.source
          ? 'no source'
          : typeof o.agent !== 'string' || !o.agent
            ? 'no agent'
            : !(o.expected === null || TYPES.has(o.expected))
              ? `unknown type ${o.expected}`
              : SECRET.test(o.text)
                ? 'unredacted secret'
                : o.text.length > 4000
                  ? 'over 4000 characters'
                  : undefined;
    if (problem) {
      summary.rejected.push(`${basename(file)}: ${problem}`);
      continue;
    }
    if (seenText.has(o.text)) {
      summary.duplicates++;
      if (seenText.get(o.text) !== o.expected) {
        summary.conflictingLabels++;
      }
      continue;
    }
    const thread = threadOf(o.source);
    const n = (perThread.get(thread) ?? 0) + 1;
    perThread.set(thread, n);
    if (n > MAX_PER_THREAD) {
      summary.overThreadCap++;
      continue;
    }
    seenText.set(o.text, o.expected);
    const entry = {
      text: o.text,
      expected: o.expected,
      source: o.source,
      agent: o.agent,
      batch: values.batch,
      ...(o.note ? { note: o.note } : {}),
    };
    const hash =
      createHash('sha256')
        .update(values.salt + thread)
        .digest()
        .readUInt32BE(0) /
      2 ** 32;
    if (blindThreads.has(thread) && values['frozen-blind']) {
      summary.rejected.push(`${basename(file)}: thread ${thread} is in the frozen blind part`);
      continue;
    }
    const blind = !devThreads.has(thread) && (blindThreads.has(thread) || hash < share);
    const part = values.fresh ? 'fresh' : blind ? 'blind' : 'dev';
    summary[part] ??= {};
    const key = entry.expected ?? 'null';
    summary[part][key] = (summary[part][key] ?? 0) + 1;
    summary.kept++;
    if (values.fresh) {
      out.fresh.push(entry);
    } else if (blind) {
      out.blind.push(entry);
    } else {
      const name = basename(file);
      out.dev.set(name, [...(out.dev.get(name) ?? []), entry]);
    }
  }
}
mkdirSync(devDir, { recursive: true });
mkdirSync(blindDir, { recursive: true });
const toJsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
for (const [name, rows] of out.dev) {
  writeFileSync(join(devDir, `${values.batch}-${name}`), toJsonl(rows));
}
if (out.fresh.length > 0) {
  const freshDir = join(values.corpus, 'fresh');
  mkdirSync(freshDir, { recursive: true });
  writeFileSync(join(freshDir, `${values.batch}.jsonl`), toJsonl(out.fresh));
}
if (out.blind.length > 0) {
  const blindFile = join(blindDir, `${values.batch}.jsonl`);
  writeFileSync(blindFile, toJsonl(out.blind));
  const sha = createHash('sha256').update(readFileSync(blindFile)).digest('hex');
  writeFileSync(join(blindDir, `${values.batch}.sha256`), `${sha}  ${values.batch}.jsonl\n`);
  summary.blindSha256 = sha;
}
summary.threads = { dev: 0, blind: 0 };
for (const t of perThread.keys()) {
  summary.threads[devThreads.has(t) || !out.blind.some((e) => threadOf(e.source) === t) ? 'dev' : 'blind']++;
}
console.log(JSON.stringify(summary, null, 1));
