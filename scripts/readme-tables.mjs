#!/usr/bin/env node
// Regenerates the Commands and Settings tables in README.md from package.json's `contributes`, between the
// <!-- commands:start/end --> and <!-- settings:start/end --> markers, and the detector's precision/recall table on the
// labelled corpus (test/fixtures/corpus) between <!-- corpus:start/end --> (from the compiled detector in out/: run
// `npm run compile-tests` first), and docs/vocabularies.md (every vocabulary term with its source). `--check` exits 1
// when either is out of date.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

export function commandsTable() {
  const hidden = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
  const menus = pkg.contributes.menus ?? {};
  const inTree = new Set([...(menus['view/item/context'] ?? []), ...(menus['view/title'] ?? [])].map((m) => m.command));
  const where = (id) => [hidden.has(id) ? '' : 'palette', inTree.has(id) ? 'view' : ''].filter(Boolean).join(', ') || '—';
  const rows = pkg.contributes.commands.map(
    (c) => `| ${cell(c.category ? `${c.category}: ${c.title}` : c.title)} | \`${c.command}\` | ${where(c.command)} |`,
  );
  return ['| Command | Id | Where |', '|---|---|---|', ...rows].join('\n');
}

export function settingsTable() {
  const conf = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const rows = [];
  for (const c of conf) {
    for (const [key, p] of Object.entries(c.properties)) {
      const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
      rows.push(`| \`${key}\` | ${def} | ${cell((p.markdownDescription ?? p.description ?? '').split('\n')[0])} |`);
    }
  }
  return ['| Setting | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

export function corpusTable() {
  const require = createRequire(import.meta.url);
  const compiled = join(root, 'out', 'src', 'core');
  if (!existsSync(join(compiled, 'detection', 'corpus.js'))) {
    throw new Error('out/src/core/detection/corpus.js is missing: run `npm run compile-tests` first');
  }
  const { parseCorpus, scoreCorpus, scoresTable, scoresSummary } = require(join(compiled, 'detection', 'corpus.js'));
  const { classifyLine } = require(join(compiled, 'detection', 'detector.js'));
  const load = (part) => {
    const dir = join(root, 'test', 'fixtures', 'corpus', part);
    if (!existsSync(dir)) {
      return []; // fresh/ is absent from git between a check batch joining the development part and the next one
    }
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => parseCorpus(`${part}/${f}`, readFileSync(join(dir, f), 'utf8')));
  };
  const dev = load('dev');
  const blind = load('blind');
  const fresh = load('fresh');
  const classify = (line) => classifyLine(line)?.type;
  const blindScores = scoreCorpus(blind, classify);
  const ids = new Set([...dev, ...blind, ...fresh].map((e) => e.agent));
  const named = [...ids].filter((a) => !a.startsWith('other:')).length;
  const all = dev.length + blind.length + fresh.length;
  const failures = [...dev, ...blind, ...fresh].filter((e) => e.expected !== null).length;
  return [
    `\`classifyLine\` (the detector on one raw line, no user rules) on the **blind part** of the labelled corpus: ${blind.length} real lines ` +
      `of batch b1 (collected 2026-11-30 from public issue threads, split off by thread before any detector change, never tuned on). ` +
      `The whole corpus: ${all} lines (${failures} failures, ${all - failures} alarming-looking lines that are not failures) ` +
      `from ${named} agents, proxies and SDKs named in LABELS.md and ${ids.size - named} other programs. A line of another type, or a negative classified as anything, is a false positive.`,
    '',
    `Blind part: ${scoresSummary(blindScores)}.`,
    '',
    scoresTable(blindScores),
    '',
    ...[...new Set(fresh.map((e) => e.batch))].sort().flatMap((b) => {
      const batch = fresh.filter((e) => e.batch === b);
      return [
        `Fresh batch ${b} (${batch.length} lines collected by collectors who never saw the detector, never tuned on; its first score is kept in test/fixtures/corpus/README.md): ${scoresSummary(scoreCorpus(batch, classify))}.`,
        '',
      ];
    }),
    `Development part (${dev.length} lines, tuned on): ${scoresSummary(scoreCorpus(dev, classify))}.`,
  ].join('\n');
}

function replace(text, name, table) {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!re.test(text)) {
    throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
  }
  return text.replace(re, (_m, a, b) => `${a}\n${table}\n${b}`);
}

/** docs/vocabularies.md: every vocabulary the detector reads, with its source, and its terms by type (generated). */
export function vocabulariesDoc() {
  const require = createRequire(import.meta.url);
  const { VOCABULARIES } = require(join(root, 'out', 'src', 'core', 'detection', 'vocabularies.js'));
  const { PRECEDENCE } = require(join(root, 'out', 'src', 'core', 'detection', 'rules.js'));
  const code = (s) => '`' + s.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
  const out = [
    "# The detector's vocabularies",
    '',
    '<!-- Generated by scripts/readme-tables.mjs from src/core/detection/vocab: do not edit. -->',
    '',
    'Every term the detector reads, by vocabulary: where the vocabulary is published, then its terms by failure type. A',
    '*term* names the failure on its own; a *hint* counts only inside an error report and only when no term or status',
    'decided. When terms of several types match, the type earliest in this order wins: ' + PRECEDENCE.map((t) => code(t)).join(', ') + '.',
    'How the terms, the status reader, the rules, the negative shapes and the gate work together: [detection.md](detection.md).',
    '',
    '| Vocabulary | What | Source | Terms |',
    '|---|---|---|---|',
    ...VOCABULARIES.map(
      (v) =>
        `| [${v.id}](#${v.id.replace(/[^a-z0-9-]/g, '')}) | ${v.title} | ${v.source
          .split('; ')
          .map((u) => (u.startsWith('http') ? `<${u}>` : u))
          .join(', ')} | ${v.terms.length} |`,
    ),
    '',
  ];
  for (const v of VOCABULARIES) {
    out.push(`## ${v.id}`, '', `${v.title}. Source: ${v.source}.`, '', '| Type | Strength | Patterns |', '|---|---|---|');
    const rows = new Map();
    for (const t of v.terms) {
      const key = `${t.type}\t${t.strength}`;
      rows.set(key, [...(rows.get(key) ?? []), code('/' + t.pattern.source + '/' + t.pattern.flags)]);
    }
    for (const [key, patterns] of rows) {
      const [type, strength] = key.split('\t');
      out.push(`| \`${type}\` | ${strength === 'names' ? 'term' : 'hint'} | ${patterns.join(' ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const next = replace(replace(replace(readme, 'commands', commandsTable()), 'settings', settingsTable()), 'corpus', corpusTable());
const docPath = join(root, 'docs', 'vocabularies.md');
const doc = vocabulariesDoc();
if (process.argv.includes('--check')) {
  if (next !== readme || !existsSync(docPath) || readFileSync(docPath, 'utf8') !== doc) {
    console.error(
      'README.md tables or docs/vocabularies.md are out of date: run npm run readme:tables (compiles, then node scripts/readme-tables.mjs)',
    );
    process.exit(1);
  }
  console.log('README tables and docs/vocabularies.md are up to date');
} else {
  writeFileSync(readmePath, next);
  writeFileSync(docPath, doc);
}
