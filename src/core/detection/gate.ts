/**
 * The learned gate: for a raw line in which the rules found a failure, how likely the line is an error report as a
 * program printed it rather than a person writing about the error (an issue title, a comment, a commit message, a
 * changelog, code). A logistic regression over the line's words and shape, trained on the corpus's development part by
 * `scripts/train-gate.mjs` and shipped as data (`gateModel.json`); no network, no training at run time. Pure module.
 */
import type { Verdict } from './verdict';
import GATE_MODEL_DATA from './gateModel.json';

/** The trained model (`gateModel.json`, written by scripts/train-gate.mjs). */
export const GATE_MODEL: GateModel = GATE_MODEL_DATA;

/** The gate's model: a bias, feature weights, and the probability under which a line is taken for prose. */
export interface GateModel {
  bias: number;
  weights: Readonly<Record<string, number>>;
  /** Lines whose probability of being an error report is below this are not failures. */
  threshold: number;
  /** How the model was trained (corpus lines, features, the training script's options), for `--explain` and docs. */
  trainedOn: string;
}

const PRONOUN = new Set([
  'i',
  "i'm",
  "i've",
  "i'd",
  'we',
  "we're",
  "we've",
  'my',
  'our',
  'me',
  'us',
  'he',
  'she',
  'they',
  'his',
  'her',
  'their',
]);
const MODAL = new Set([
  'should',
  'would',
  'could',
  'might',
  'may',
  'must',
  'shall',
  "can't",
  "won't",
  "shouldn't",
  "wouldn't",
  "couldn't",
  'maybe',
  'perhaps',
  'probably',
  'likely',
  'seem',
  'seems',
  'appear',
  'appears',
]);
const CONNECTIVE = new Set([
  'because',
  'when',
  'whenever',
  'while',
  'although',
  'though',
  'since',
  'after',
  'before',
  'if',
  'unless',
  'so',
  'then',
  'also',
  'even',
  'still',
  'just',
  'only',
  'really',
  'actually',
  'instead',
  'however',
]);
const IMPERATIVE = new Set(
  'fix fixes fixed add adds added handle handles support supports improve improves avoid catch retry refactor feat chore docs test tests implement update remove allow make use ensure prevent show display treat detect expose bump revert merge'.split(
    ' ',
  ),
);

/** Words of a line, lower case: letters, digits, `_`, `'`, `.`, `-` inside words; numbers become shapes (`#status`, `#n`, `#num`, `#id`). */
function words(line: string): string[] {
  const out: string[] = [];
  const lower = line.toLowerCase();
  const isStart = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
  const isInner = (c: number) => isStart(c) || c === 39 || c === 46 || c === 45; // ' . -
  for (let i = 0; i < lower.length; i++) {
    if (!isStart(lower.charCodeAt(i))) {
      continue;
    }
    let j = i + 1;
    while (j < lower.length && isInner(lower.charCodeAt(j))) {
      j++;
    }
    let end = j;
    while (end > i && !isStart(lower.charCodeAt(end - 1))) {
      end--;
    }
    let w = lower.slice(i, end);
    i = j - 1;
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57 && /^\d+$/.test(w)) {
      w = w.length === 3 && (c === 52 || c === 53) ? '#status' : w.length <= 2 ? '#n' : '#num';
    } else if (w.length > 12 && /\d/.test(w)) {
      w = '#id';
    }
    if (w) {
      out.push(w);
    }
  }
  return out;
}

/** True when `w` is all lower-case ASCII letters. */
function isPlain(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 97 || c > 122) {
      return false;
    }
  }
  return true;
}

/** The shape features of a trimmed line: the names of the tests it passes. */
const SHAPES: readonly [string, RegExp][] = [
  ['starts-upper-word', /^[A-Z][a-z]+\b/],
  ['starts-lower', /^[a-z]/],
  ['starts-symbol', /^[^\w\s"'`]/],
  ['starts-status', /^\W{0,3}[45]\d\d\b/],
  ['starts-quote', /^["'`]/],
  ['starts-timestamp', /^\[?\d{4}[-/]\d\d[-/]\d\d|^\[?\d\d:\d\d:\d\d/],
  ['starts-level', /^\[?(?:ERROR|WARN(?:ING)?|INFO|DEBUG|FATAL|E|W)\b/],
  ['ends-period', /[a-z)]\.$/],
  ['ends-question', /\?$/],
  ['ends-colon', /:$/],
  ['ends-brace', /[}\]]$/],
  ['json', /\{\s*\\?["']\w+\\?["']\s*:/],
  // `\b[\w.]*(?:Error|...)\s*:` as it was first written matches exactly where this does (a word boundary always precedes
  // the name within its run of word characters and dots), without walking back through every word
  ['error-colon', /(?:Error|Exception|error|ERROR)\s*:/],
  ['class-name', /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:Error|Exception)\b/],
  ['quoted-error', /["“`'][^"”`']{0,40}(?:Error|error|429|limit)[^"”`']{0,120}["”`']/],
  ['inline-code', /`[^`]+`/],
  ['url', /https?:\/\//],
  ['arrow-or-bullet', /^[⎿⏺✕✗×❌⚠■>•]/],
  ['request-id', /\brequest[ _-]?id\b/i],
  ['markdown-emphasis', /\*\*[^*]+\*\*|__[^_]+__/],
  ['commit-prefix', /^(?:fix|feat|chore|docs|refactor|test|perf|build|ci)(?:\([^)]*\))?!?:/i],
];

/**
 * Calls `visit(feature)` for each feature of one line: each word (`w:<word>`, once per occurrence), the first and last
 * words (`first:`, `last:`), the verdict's deciding evidence (`v:by-<decidedBy>`, `v:status-<how>`), and shape features
 * (`s:<name>`): how it starts and ends, braces and quotes, error marks, pronouns, modal verbs and connectives, length.
 * Deterministic; the training script and the gate use this same function.
 */
function visitFeatures(
  line: string,
  verdict: Verdict | undefined,
  visit: (kind: FeatureKind, name: string) => void,
  lineWords?: string[],
): void {
  const ws = lineWords ?? words(line.length > 2000 ? line.slice(0, 2000) : line);
  if (verdict) {
    visit('v', `by-${verdict.decidedBy}`);
    for (const e of verdict.evidence) {
      if (e.kind === 'status') {
        visit('v', `status-${e.reading.how}`);
      }
    }
  }
  let pronouns = 0;
  let modals = 0;
  let connectives = 0;
  let plain = 0;
  for (const w of ws) {
    visit('w', w);
    pronouns += PRONOUN.has(w) ? 1 : 0;
    modals += MODAL.has(w) ? 1 : 0;
    connectives += CONNECTIVE.has(w) ? 1 : 0;
    plain += w.length >= 2 && isPlain(w) ? 1 : 0;
  }
  const n = ws.length;
  if (n > 0) {
    visit('first', ws[0]);
    visit('last', ws[n - 1]);
  }
  const t = line.trim();
  for (const [name, re] of SHAPES) {
    if (re.test(t)) {
      visit('s', name);
    }
  }
  const flag = (name: string, on: boolean) => on && visit('s', name);
  flag('pronoun', pronouns > 0);
  flag('pronouns-2', pronouns > 1);
  flag('modal', modals > 0);
  flag('connective', connectives > 0);
  flag('connectives-2', connectives > 1);
  flag('imperative-start', n > 0 && IMPERATIVE.has(ws[0]));
  visit('s', `len-${n <= 4 ? 'xs' : n <= 10 ? 's' : n <= 25 ? 'm' : n <= 60 ? 'l' : 'xl'}`);
  const share = n > 0 ? plain / n : 0;
  visit('s', `plain-${share < 0.4 ? 'low' : share < 0.7 ? 'mid' : 'high'}`);
}

/** The features of one line, in order, a word repeated as often as it occurs (see visitFeatures). */
export function gateFeatures(line: string, verdict?: Verdict): string[] {
  const out: string[] = [];
  visitFeatures(line, verdict, (kind, name) => out.push(`${kind}:${name}`));
  return out;
}

/**
 * True when a line reads like a sentence a person could have written (the gate's domain): at least five words, most of
 * them plain lower-case words, and none of the marks of a printed report at its start (a status, a JSON body, a log
 * level or timestamp, an exception class with its colon, an agent UI glyph). Lines outside it pass the gate.
 */
export function readsLikeProse(line: string): boolean {
  return proseWords(line) !== undefined;
}

/** The words of `line` (as the gate reads them) when it reads like prose ({@link readsLikeProse}), else undefined. */
export function proseWords(line: string): string[] | undefined {
  const t = line.trim();
  if (
    /^(?:\W{0,3}[45]\d\d\b|API Error\b|[{[]|\\?"\w+\\?"\s*:|\[?\d{4}[-/]\d\d|\[?(?:ERROR|WARN(?:ING)?|FATAL|E)\b|[\w.]*(?:Error|Exception)\b\s*[:(]|[⎿⏺✕✗×❌⚠■│])/.test(
      t,
    )
  ) {
    return undefined;
  }
  const ws = words(t.length > 2000 ? t.slice(0, 2000) : t);
  if (ws.length < 5) {
    return undefined;
  }
  return ws.filter((w) => w.length >= 2 && isPlain(w)).length / ws.length >= 0.5 ? ws : undefined;
}

/**
 * The probability (0..1) that `line` is an error report as a program printed it, under `model`. `lineWords`: the line's
 * words when the caller has them already ({@link proseWords}).
 */
export function gateProbability(line: string, verdict?: Verdict, model: GateModel = GATE_MODEL, lineWords?: string[]): number {
  const weights = weightsOf(model);
  let z = model.bias;
  visitFeatures(
    line,
    verdict,
    (kind, name) => {
      z += weights[kind].get(name) ?? 0;
    },
    lineWords,
  );
  return 1 / (1 + Math.exp(-z));
}

/** The kinds of features, the prefix of their names in the model (`w:retry`, `s:ends-period`). */
type FeatureKind = 'w' | 'first' | 'last' | 's' | 'v';

const WEIGHTS = new WeakMap<GateModel, Record<FeatureKind, Map<string, number>>>();

/** The model's weights as one Map per feature kind, keyed without the prefix (built once per model object). */
function weightsOf(model: GateModel): Record<FeatureKind, Map<string, number>> {
  let w = WEIGHTS.get(model);
  if (!w) {
    w = { w: new Map(), first: new Map(), last: new Map(), s: new Map(), v: new Map() };
    for (const [feature, weight] of Object.entries(model.weights)) {
      const colon = feature.indexOf(':');
      w[feature.slice(0, colon) as FeatureKind]?.set(feature.slice(colon + 1), weight);
    }
    WEIGHTS.set(model, w);
  }
  return w;
}

/** True when the gate takes `line` for an error report (its probability is at least the model's threshold). */
export function gateAccepts(line: string, verdict?: Verdict, model: GateModel = GATE_MODEL): boolean {
  return gateProbability(line, verdict, model) >= model.threshold;
}
