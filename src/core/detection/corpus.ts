/**
 * The labelled corpus (test/fixtures/corpus/*.jsonl) and its scores: real error lines and log snippets as agents and their
 * APIs print them, each with the failure type it shows (or null for a line that looks alarming but is no failure of the
 * session), and the detector's precision and recall on them. Used by the corpus unit test and by
 * scripts/readme-tables.mjs (the README table). Pure module: the caller reads the files.
 */
import type { FailureType } from '../model/failures';
import { isFailureType } from '../model/failures';

/**
 * One corpus line (JSON object per line): `text` (one line, as printed), `expected` (a failure type id or null), `source`
 * (URL of the issue or doc page, or the fixture it was taken from), `note` (optional).
 */
export interface CorpusEntry {
  text: string;
  expected: FailureType | null;
  source: string;
  /** The program that printed the line (test/fixtures/corpus/LABELS.md lists the ids), e.g. `codex`, `other:pytest`. */
  agent: string;
  /** The collection batch, e.g. `b0` (lines collected before 2026-11-30) or `b1`. */
  batch?: string;
  note?: string;
  /** Where the entry was read, e.g. "codex.jsonl:12" (set by {@link parseCorpus}). */
  at: string;
}

/**
 * Parses one corpus file (JSON Lines). Blank lines are skipped. Throws `Error` naming `file:line` for a line that is not
 * JSON, lacks `text` or `source`, or names an unknown failure type: the corpus is test data and must be exact.
 */
export function parseCorpus(file: string, content: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) {
      return;
    }
    const at = `${file}:${i + 1}`;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${at}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    if (typeof o.text !== 'string' || !o.text || typeof o.source !== 'string' || !o.source || typeof o.agent !== 'string' || !o.agent) {
      throw new Error(`${at}: needs a non-empty "text", "source" and "agent"`);
    }
    if (o.expected !== null && !(typeof o.expected === 'string' && isFailureType(o.expected))) {
      throw new Error(`${at}: "expected" must be a failure type or null, not ${JSON.stringify(o.expected)}`);
    }
    out.push({
      text: o.text,
      expected: o.expected as FailureType | null,
      source: o.source,
      agent: o.agent,
      batch: typeof o.batch === 'string' ? o.batch : undefined,
      note: typeof o.note === 'string' ? o.note : undefined,
      at,
    });
  });
  return out;
}

/** Counts and ratios for one failure type (or the overall row). Ratios are 0..1; NaN shown as "—" when undefined. */
export interface TypeScore {
  /** Lines labelled with this type. */
  lines: number;
  /** True positives: labelled and classified as this type. */
  tp: number;
  /** False positives: classified as this type, labelled otherwise (another type or null). */
  fp: number;
  /** False negatives: labelled this type, classified otherwise (another type or none). */
  fn: number;
  precision: number;
  recall: number;
}

/** What {@link scoreCorpus} returns. */
export interface CorpusScores {
  /** Per failure type, only types that are labelled or predicted at least once, sorted by type id. */
  perType: Map<FailureType, TypeScore>;
  /**
   * Micro-average over the positive lines: precision = TP / (TP + FP) where any negative classified as anything counts as a
   * false positive; recall = TP / positive lines.
   */
  overall: TypeScore;
  /** Lines labelled null. */
  negatives: number;
  /** Negatives classified as some type (already counted in `overall.fp`). */
  falseAlarms: number;
  /**
   * Failure or not, whatever the type: precision = flagged lines that are failures / flagged lines; recall = failure lines
   * flagged / failure lines.
   */
  detection: { flagged: number; truePositives: number; precision: number; recall: number };
  /** Of the failure lines flagged, the share flagged with exactly the labelled type. */
  exactType: number;
  /** Entries classified wrongly, for the test's failure message. */
  mistakes: { entry: CorpusEntry; got: FailureType | undefined }[];
}

/** Scores `classify` (a line -> failure type or undefined) on `entries`. */
export function scoreCorpus(entries: readonly CorpusEntry[], classify: (line: string) => FailureType | undefined): CorpusScores {
  const perType = new Map<FailureType, TypeScore>();
  const score = (t: FailureType): TypeScore => {
    let s = perType.get(t);
    if (!s) {
      s = { lines: 0, tp: 0, fp: 0, fn: 0, precision: NaN, recall: NaN };
      perType.set(t, s);
    }
    return s;
  };
  let negatives = 0;
  let falseAlarms = 0;
  let flagged = 0;
  let flaggedFailures = 0;
  let exact = 0;
  const mistakes: CorpusScores['mistakes'] = [];
  for (const entry of entries) {
    const got = classify(entry.text);
    if (got) {
      flagged++;
      if (entry.expected) {
        flaggedFailures++;
        exact += got === entry.expected ? 1 : 0;
      }
    }
    if (entry.expected === null) {
      negatives++;
    } else {
      score(entry.expected).lines++;
    }
    if (got === (entry.expected ?? undefined)) {
      if (got) {
        score(got).tp++;
      }
      continue;
    }
    mistakes.push({ entry, got });
    if (got) {
      score(got).fp++;
      if (entry.expected === null) {
        falseAlarms++;
      }
    }
    if (entry.expected) {
      score(entry.expected).fn++;
    }
  }
  const overall: TypeScore = { lines: 0, tp: 0, fp: 0, fn: 0, precision: NaN, recall: NaN };
  for (const s of perType.values()) {
    s.precision = s.tp + s.fp > 0 ? s.tp / (s.tp + s.fp) : NaN;
    s.recall = s.lines > 0 ? s.tp / s.lines : NaN;
    overall.lines += s.lines;
    overall.tp += s.tp;
    overall.fp += s.fp;
    overall.fn += s.fn;
  }
  overall.precision = overall.tp + overall.fp > 0 ? overall.tp / (overall.tp + overall.fp) : NaN;
  overall.recall = overall.lines > 0 ? overall.tp / overall.lines : NaN;
  const sorted = new Map([...perType.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const detection = {
    flagged,
    truePositives: flaggedFailures,
    precision: flagged > 0 ? flaggedFailures / flagged : NaN,
    recall: overall.lines > 0 ? flaggedFailures / overall.lines : NaN,
  };
  return {
    perType: sorted,
    overall,
    negatives,
    falseAlarms,
    detection,
    exactType: flaggedFailures > 0 ? exact / flaggedFailures : NaN,
    mistakes,
  };
}

/** The scores as a Markdown table (the README's generated block): one row per type, then the overall row. */
export function scoresTable(s: CorpusScores): string {
  const pct = (v: number): string => (Number.isNaN(v) ? '—' : v.toFixed(2));
  const rows = ['| Failure type | Lines | True pos. | False pos. | False neg. | Precision | Recall |', '|---|---|---|---|---|---|---|'];
  for (const [type, t] of s.perType) {
    rows.push(`| \`${type}\` | ${t.lines} | ${t.tp} | ${t.fp} | ${t.fn} | ${pct(t.precision)} | ${pct(t.recall)} |`);
  }
  const o = s.overall;
  rows.push(
    `| **overall** (micro-average; ${s.negatives} negative lines, ${s.falseAlarms} false alarms) | ${o.lines} | ${o.tp} | ${o.fp} | ${o.fn} | **${pct(o.precision)}** | **${pct(o.recall)}** |`,
  );
  return rows.join('\n');
}

/** One line of figures: failure precision and recall (any type), exact type, and the counts behind them. */
export function scoresSummary(s: CorpusScores): string {
  const f = (v: number): string => (Number.isNaN(v) ? '—' : v.toFixed(2));
  return (
    `failure precision ${f(s.detection.precision)}, recall ${f(s.detection.recall)}, exact type ${f(s.exactType)} ` +
    `(${s.overall.lines} failures, ${s.negatives} negatives; ${s.detection.flagged} flagged, ${s.falseAlarms} false alarms)`
  );
}
