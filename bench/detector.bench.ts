/**
 * Benchmark of the detector on real lines (figures printed, nothing asserted): `classifyLine` throughput on the labelled
 * corpus's failure lines and on its negatives, against a floor measured in the same run (lower-casing each line and
 * one regular-expression search: the least any line classifier does). With `--baseline <out dir>` (and
 * `--baseline-name <words>`) the compiled detector of another build (for example an older commit's `out/`) is timed in
 * the same run, interleaved round by round, and the ratio printed.
 * Writes the figures between the detector markers of bench/RESULTS.md. Run: npm run bench.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { classifyLine } from '../src/core/detection/detector';

type Classify = (line: string) => unknown;

function root(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
}

function corpusLines(): { failures: string[]; negatives: string[] } {
  const base = path.join(root(), 'test', 'fixtures', 'corpus');
  const out = { failures: [] as string[], negatives: [] as string[] };
  for (const part of ['dev', 'blind']) {
    for (const f of fs.readdirSync(path.join(base, part)).filter((x) => x.endsWith('.jsonl'))) {
      for (const l of fs.readFileSync(path.join(base, part, f), 'utf8').split('\n')) {
        if (l.trim()) {
          const o = JSON.parse(l) as { text: string; expected: string | null };
          (o.expected ? out.failures : out.negatives).push(o.text);
        }
      }
    }
  }
  return out;
}

/** One pass of at least 200 ms: lines per second of `classify` over `lines`. */
function pass(classify: Classify, lines: readonly string[]): number {
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 200) {
    for (const l of lines) {
      sink += classify(l) ? 1 : 0;
    }
    n += lines.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return sink < 0 ? 0 : (n / elapsed) * 1000;
}

/**
 * Lines per second of each classifier over `lines`: after a warm-up pass each, `rounds` rounds that time every
 * classifier once in turn (so a busy spell of a shared machine touches all of them alike); the median of each.
 */
function throughputs(classifiers: readonly Classify[], lines: readonly string[], rounds = 9): number[] {
  classifiers.forEach((c) => pass(c, lines));
  const rates = classifiers.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    classifiers.forEach((c, i) => rates[i].push(pass(c, lines)));
  }
  return rates.map((xs) => xs.sort((a, b) => a - b)[Math.floor(rounds / 2)]);
}

const floor: Classify = (line) => /\berror\b/.test(line.toLowerCase());

function main(): void {
  const baselineAt = process.argv.indexOf('--baseline');
  const baselineDir = baselineAt > 0 ? path.resolve(process.argv[baselineAt + 1]) : undefined;
  const nameAt = process.argv.indexOf('--baseline-name');
  // the baseline is another build's compiled detector, found at run time
  const entry =
    baselineDir &&
    ['detection/detector.js', 'detector.js'].map((f) => path.join(baselineDir, 'src', 'core', f)).find((f) => fs.existsSync(f));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const baseline = entry ? (require(entry) as { classifyLine: Classify }).classifyLine : undefined;
  const { failures, negatives } = corpusLines();
  const rows: string[] = [];
  for (const [name, lines] of [
    ['failure lines', failures],
    ['negative lines', negatives],
  ] as const) {
    const [f, c, b] = throughputs(baseline ? [floor, (l) => classifyLine(l), baseline] : [floor, (l) => classifyLine(l)], lines);
    let row = `| ${name} (${lines.length}) | ${(c / 1000).toFixed(1)}k lines/s (${(1e6 / c).toFixed(1)} µs/line) | ${(f / 1000).toFixed(0)}k lines/s | ${(c / f).toFixed(3)}`;
    if (b !== undefined) {
      row += ` | ${(b / 1000).toFixed(1)}k lines/s | ${(c / b).toFixed(2)}x`;
    }
    rows.push(row + ' |');
    console.log(row);
  }
  const header = baseline
    ? ['| Lines | classifyLine | floor | classifyLine / floor | baseline build | this / baseline |', '|---|---|---|---|---|---|']
    : ['| Lines | classifyLine | floor | classifyLine / floor |', '|---|---|---|---|'];
  const section = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}` +
      (baselineDir ? `; baseline: ${nameAt > 0 ? process.argv[nameAt + 1] : baselineDir}` : '') +
      '. Floor: lower-casing each line and one regex search.',
    '',
    ...header,
    ...rows,
  ].join('\n');
  const file = path.join(root(), 'bench', 'RESULTS.md');
  const text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\n## Detector\n\n<!-- detector:start -->\n<!-- detector:end -->\n';
  const next = text.replace(
    /(<!-- detector:start -->)[\s\S]*?(<!-- detector:end -->)/,
    (_m, a: string, b: string) => `${a}\n${section}\n${b}`,
  );
  fs.writeFileSync(file, next);
}

main();
