/**
 * The decision: from the evidence in one text (negative shapes, the HTTP status, vocabulary terms, hints) to one failure
 * type or none, with the evidence that decided it. Pure module.
 */
import type { FailureType } from '../model/failures';
import { COUNT_FIRST, ERROR_MARK, ERROR_REPORT_MARK, negativeEvidence } from './negatives';
import { fallbackReading, inFallbackDomain } from './fallback';
import { GATE_MODEL, gateProbability, proseWords } from './gate';
import { firstNamedType, mostHintedType } from './matcher';
import { DISAMBIGUATION, PRECEDENCE } from './rules';
import { StatusReading, readStatus, statusType } from './status';
import type { DecidedBy, Evidence, Verdict } from './verdict';

export type { DecidedBy, Evidence, Verdict } from './verdict';

/** How to read the text. */
export interface DetectOptions {
  /**
   * True for a raw line of terminal output or a log (its shape may say it is code, docs or a test verdict, and hints or a
   * bare status need an error mark); false for the text of an event the agent itself recorded as an error.
   */
  raw: boolean;
  /** The HTTP status the event carries, when the agent recorded one (read from the text otherwise). */
  status?: number;
  /** Only these types may be reported (a failed tool result may show only a timeout or malformed JSON). */
  allowed?: ReadonlySet<FailureType>;
  /** False to skip the learned gate and fallback (the gate's training script reads the rules' verdicts alone). Default true. */
  gate?: boolean;
  /** False to skip the learned fallback alone (its training script reads the verdicts before it). Default true. */
  fallback?: boolean;
  /** True to record the vocabulary terms that matched (for `--explain`); the verdict is the same either way. */
  explain?: boolean;
}

/** Characters of one text the detector looks at (longer texts are cut: bounded work per line). */
export const MAX_TEXT_CHARS = 16_384;

/** A line that is a single inline code span (`...`), as users paste one line of output. */
const WHOLE_CODE_SPAN = /^\s*`[^`]+`\s*$/;

/**
 * Negative shapes that a printed error also has: an error line that opens its JSON body (`... API error 429: {`) ends like
 * a block of code, a pasted bullet of an error list starts like a Markdown list item. They yield to {@link printedError}.
 */
const YIELDS_TO_PRINTED_ERROR: ReadonlySet<string> = new Set(['code-block-end', 'markdown-list']);

/**
 * True when two independent pieces of evidence say a program printed this error: a status named in words (not bare) and
 * a term that names a failure, or a term of a published reference (a provider's, SDK's or agent's own message).
 */
function printedError(text: string): boolean {
  const named = firstNamedType(text, undefined);
  if (!named) {
    return false;
  }
  if (named.reference) {
    return true;
  }
  const reading = readStatus(text);
  return reading !== undefined && reading.how !== 'bare';
}

/**
 * A line that opens with the status and then the message, as the OpenAI and Anthropic TypeScript SDKs word an
 * APIError (`${status} ${message}`: "401 Incorrect API key provided", "429: ...") and gateways echo it: the status
 * there is the report's own, not a number in a sentence.
 */
const STATUS_FIRST_MESSAGE = /^\W{0,4}[45]\d\d(?::|\s[-–])?\s+[A-Z{"'\[]/;

/** llama.cpp server's parser of the tool calls in a model's output, which answers its failure inside a 500. */
const TOOL_CALL_PARSER = /\bFailed to parse input at pos \d+/;

const JSON_PARSE_ONLY: ReadonlySet<FailureType> = new Set(['json_parse']);
const REQUEST_BODY = /\brequest (?:body|payload)\b/i;

/** What may stand before an agent's message at the start of a line it printed: a mark, a bullet, an "Error:" label. */
const LEADING_MARK = /^[^\p{L}\p{N}]{0,6}(?:(?:API )?(?:error|warning|fatal)\s*:?\s*[^\p{L}\p{N}]{0,3})?$/iu;

/**
 * True when the line opens, after at most a mark, with a message an agent prints (a vocabulary whose id `own` matches:
 * by default the `messages:` ones, read in the agents' source) or with a published error code or class as the label of
 * what follows (`ECONNRESET: ...`, `RateLimitError: ...`): the program's own output, not a person's sentence about it, so
 * the gate does not judge it.
 */
function opensWithPrintedError(words: string, allowed: ReadonlySet<FailureType> | undefined, own = SOURCE_MESSAGES): boolean {
  const terms: Evidence[] = [];
  firstNamedType(words, allowed, terms);
  return terms.some((e) => {
    if (e.kind !== 'term') {
      return false;
    }
    const at = words.indexOf(e.match);
    if (at < 0 || !LEADING_MARK.test(words.slice(0, at))) {
      return false;
    }
    return own.test(e.vocabulary.id) || (/^[\w.]+$/.test(e.match) && words.charAt(at + e.match.length) === ':');
  });
}

/** The agents' messages read in their source; with the agents' own wordings. */
const SOURCE_MESSAGES = /^messages:/;
const OWN_MESSAGES = /^(?:messages|agent):/;

const ALL_BUT = new Map<FailureType, ReadonlySet<FailureType>>();

/** `allowed` (or every type) without `type`. */
function allowedBut(allowed: ReadonlySet<FailureType> | undefined, type: FailureType): ReadonlySet<FailureType> {
  if (allowed) {
    return new Set([...allowed].filter((t) => t !== type));
  }
  let all = ALL_BUT.get(type);
  if (!all) {
    all = new Set(PRECEDENCE.filter((t) => t !== type));
    ALL_BUT.set(type, all);
  }
  return all;
}

/**
 * Detects the failure one text shows:
 * 1. a raw line whose shape says it is no error report (code, grep hit, test verdict, docs, a retry that worked, the
 *    user's own web app's request log) shows none;
 * 2. vocabulary terms that name a failure decide, the most specific type first ({@link PRECEDENCE}); a parse failure
 *    that also names another failure is that failure (the agent could not parse an error body);
 * 3. else the HTTP status (the event's, or read from the text) decides ({@link statusType});
 * 4. else, in an error report, hints decide (the type hinted most often);
 * 5. then the disambiguation rules may change the type (quota or rate limit, output or context);
 * 6. a raw line that reads like a sentence a person wrote is kept only when the learned gate takes it for an error
 *    report (gate.ts);
 * 7. a raw line in which nothing above decided, shaped like an error report and naming a model API or agent, is read by
 *    the learned fallback (fallback.ts).
 * In a raw line, prose that quotes error names as inline code (`context_length_exceeded`) talks about them: only the
 * words outside the code spans count, unless the line carries an error report's mark. Never throws.
 */
export function detect(input: string, options: DetectOptions): Verdict {
  const text = input.length > MAX_TEXT_CHARS ? input.slice(0, MAX_TEXT_CHARS) : input;
  const evidence: Evidence[] = [];
  let words = text;
  if (options.raw) {
    const negative = negativeEvidence(text);
    // an agent's own message that quotes names as code (Codex: "MCP client for `x` timed out ... `startup_timeout_sec`")
    // is not prose about errors
    const yields =
      (YIELDS_TO_PRINTED_ERROR.has(negative?.id ?? '') && printedError(text)) ||
      (negative?.id === 'markdown-prose' && opensWithPrintedError(text, options.allowed, OWN_MESSAGES));
    if (negative && !yields) {
      return { type: undefined, decidedBy: 'negative', evidence: [{ kind: 'negative', rule: negative }] };
    }
    // a line that is one code span as a whole is pasted output, not prose quoting an error name
    if (text.includes('`') && !ERROR_REPORT_MARK.test(text) && !WHOLE_CODE_SPAN.test(text)) {
      words = text.replace(/`[^`]*`/g, ' ');
    }
  }
  const reportsError = (): boolean => !options.raw || ERROR_MARK.test(words);
  const allowed = options.allowed;
  let named = firstNamedType(words, allowed, options.explain ? evidence : undefined);
  // the status is read when it can matter: nothing named the failure, a generic type may yield to it, the gate will
  // weigh it (a line that reads like prose), or the evidence is wanted
  // (read once, when first needed: most lines in which nothing is named never need it)
  const gated = options.raw && options.gate !== false && !named?.own;
  let prose: string[] | undefined | null = gated ? null : undefined;
  const proseOf = (): string[] | undefined => (prose === null ? (prose = proseWords(text)) : prose);
  const wantStatus =
    !named ||
    named.type === 'server_error' ||
    named.type === 'bad_request' ||
    named.type === 'network' ||
    proseOf() !== undefined ||
    options.explain ||
    options.status !== undefined;
  let reading: StatusReading | undefined = !wantStatus
    ? undefined
    : options.status !== undefined
      ? { status: options.status, phrase: `status ${options.status} (recorded by the agent)`, how: 'named' }
      : readStatus(words);
  if (reading?.how === 'bare' && !reportsError() && !(STATUS_FIRST_MESSAGE.test(words) && !COUNT_FIRST.test(words))) {
    reading = undefined;
  }
  const byStatus = reading ? statusType(reading.status) : undefined;
  if (reading) {
    evidence.unshift({ kind: 'status', reading, type: byStatus });
  }
  if (named?.type === 'json_parse') {
    // a parse failure of an error body ("Malformed JSON sent from server: {... overloaded_error ...}") is that error; the
    // server-error class a model server gives its own failure to parse the model's tool call is not (llama.cpp)
    const inner = firstNamedType(words, allowedBut(allowed, 'json_parse'), options.explain ? evidence : undefined);
    if (inner && !(inner.type === 'server_error' && TOOL_CALL_PARSER.test(words))) {
      named = inner;
    }
  }
  if (named?.type === 'bad_request' && named.reference && !REQUEST_BODY.test(words)) {
    // a generic bad-request class or code ("BadRequestError", "invalid_request_error") around a body that says what was
    // invalid: a tool call or response that does not parse is a parse failure (the request's own body is a bad request)
    const parse = firstNamedType(words, JSON_PARSE_ONLY, options.explain ? evidence : undefined);
    if (parse && (!allowed || allowed.has('json_parse'))) {
      named = parse;
    }
  }
  let type = named?.type;
  let decidedBy: DecidedBy = named ? (named.reference ? 'reference' : 'vocabulary') : 'nothing';
  if (!type && byStatus && (!allowed || allowed.has(byStatus))) {
    type = byStatus;
    decidedBy = 'status';
  }
  if (!type && reportsError()) {
    type = mostHintedType(words, allowed, evidence);
    decidedBy = type ? 'hint' : 'nothing';
  }
  if (type) {
    for (const rule of DISAMBIGUATION) {
      const to = rule.apply(type, words, reading?.status);
      if (to && to !== type && (!allowed || allowed.has(to))) {
        evidence.push({ kind: 'rule', rule, from: type, to });
        type = to;
      }
    }
  }
  const lineWords = type ? proseOf() : undefined;
  if (type && lineWords) {
    const probability = gateProbability(text, { type, decidedBy, evidence }, GATE_MODEL, lineWords);
    const accepted = probability >= GATE_MODEL.threshold;
    if (!accepted && named?.reference && opensWithPrintedError(words, allowed)) {
      return { type, decidedBy, evidence }; // the agent's own output: not the gate's to judge (looked at only when it matters)
    }
    evidence.push({ kind: 'gate', probability, threshold: GATE_MODEL.threshold, accepted });
    if (!accepted) {
      return { type: undefined, decidedBy: 'gate', evidence };
    }
  }
  if (!type && options.raw && options.gate !== false && options.fallback !== false && inFallbackDomain(text)) {
    const reading = fallbackReading(text, allowed);
    evidence.push({ kind: 'learned', probability: reading.probability, threshold: reading.threshold, type: reading.type });
    if (reading.type) {
      return { type: reading.type, decidedBy: 'learned', evidence };
    }
  }
  return { type, decidedBy, evidence };
}
