/**
 * Negative evidence: the shapes of raw lines that name an error without being one of the session's failures (source
 * code, grep and compiler hits, test-runner verdicts, documentation, a retry that worked, the user's own web app's
 * access log, a person writing about an error), and the marks of an error report that outweigh a shape. Pure module.
 */

/** One kind of negative evidence, with the words `classify --explain` shows. */
export interface NegativeRule {
  id: string;
  /** What the line was taken for, e.g. "a line of source code". */
  reads: string;
  test: (line: string) => boolean;
}

/** The marks of an error report: a line with one of them is never taken for code or prose by its shape alone. */
export const ERROR_REPORT_MARK =
  /API Error|\b[Ee]rror(?: from \w+)?:? \(?[45]\d\d\b|\b[45]\d\d\s*[-:]?\s+\{\s*$|\bstatus[:=]\s?[45]\d\d\b|\b[45]\d\d [Ee]rror\b[^{]{0,40}\{\s*$|(?:HTTP|[Ee]rror|失败)\W{0,3}[45]\d\d\)?\s*[:,]?\s*(?:body=)?\[?\{\s*$|[Ee]rror occurred:|[Ee]rrors:|\bon an `?Err`? value:|^\s*"message"\s*:\s*"|\bmessages\.\d+(?:\.content\.\d+)?: |\bRUST_BACKTRACE=|[Ee]rror:|Exception\b|error\\?"\s*:|\b[A-Z]\w*Error\b|^\W{0,3}[45]\d\d\b|\bstatus:? [45]\d\d\b|\b[45]\d\d (?:Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Service Unavailable|Bad Gateway)\b/;

/** A count at the start of a line ("500 Lines of output", "429 requests today"): a number, not a status. */
export const COUNT_FIRST =
  /^\W{0,4}\d+\s+(?:lines?|tokens?|files?|requests?|items?|words?|messages?|times|chars?|characters?|bytes?|errors?|ms|seconds?|minutes?|hours?|users?|rows?)\b/i;

/**
 * Marks that a raw line reports an error at all (needed before hints or a bare status count): an error or exception
 * word, a failure verb, a log level, a cross or warning sign, a JSON `"error":` key.
 */
export const ERROR_MARK =
  /\b(?:errors?|err|exception|fail(?:ed|ure|s)?|fatal|panic(?:ked)?|abort(?:ed)?|unable|cannot|can't|could not|couldn't|denied|refused|rejected|invalid|exceeded|reached)\b|[✖✗×❌⚠■⎿]|\[(?:ERROR|ERR|FATAL|WARN(?:ING)?|E)\]|\blevel=(?:error|warn)|\\?"error\\?"\s*:/i;

/** Hosts and paths of model APIs: a request line to one of them is the session's, not the user's own web app. */
const MODEL_API =
  /api\.anthropic\.com|api\.openai\.com|generativelanguage\.googleapis\.com|aiplatform\.googleapis\.com|bedrock-runtime|openrouter\.ai|\.openai\.azure\.com|api\.deepseek\.com|api\.mistral\.ai|api\.groq\.com|\/(?:v1\/)?(?:messages|chat\/completions|completions|responses|embeddings|models)\b|:(?:stream)?generateContent\b|\/api\/(?:chat|generate)\b/i;

/** The fields of a gRPC error as Python's grpcio prints it (`status = StatusCode.RESOURCE_EXHAUSTED`, `debug_error_string = ...`). */
const GRPC_ERROR_FIELD = /^\s*(?:status = StatusCode\.[A-Z_]+|details = "|debug_error_string = ")/;

/** A Rust value printed with `{:?}` (`DispatchFailure { source: ConnectorError { kind: Io, ... } }`), not a call in source code. */
const RUST_DEBUG_VALUE = /\b[A-Z]\w* \{ [a-z_]\w*: [^;]*\}\)*\s*$/;

/** A call-shaped name that labels a message (urllib3's `HTTPSConnectionPool(host='...', port=443): Max retries exceeded`). */
const CALL_AS_LABEL = /^\s*[\w.]+\([^()]*\): \S/;

/** A Go log line with its file and line (`log.Lshortfile`: `responses_ws.go:700: ...`), not a grep hit. */
const GO_LOG_SHORTFILE = /^\s*[\w-]+\.go:\d+: /;

/**
 * A C assertion or abort that stopped the program (`ggml.c:1234: GGML_ASSERT(...) failed`, glibc's "Assertion `x' failed.",
 * llama.cpp's GGML_ABORT: `ggml-cpu.c:3996: fatal error` with no column, unlike a compiler's `file.c:12:10: fatal error:`).
 */
const C_ASSERTION =
  /:\d+: GGML_ASSERT\(|: Assertion `[^`']{1,200}' failed|\.c(?:pp)?:\d+: (?:fatal error\s*$|.{1,80}\bdoes not support K-shift)/;

/** The columns of a log line drawn with pipes: a level column (loguru, FastChat: `| ERROR |`), a Compose service prefix. */
const LOG_COLUMNS = /\|\s*(?:ERROR|ERR|CRITICAL|FATAL|WARN(?:ING)?)\s*\||^[\w.-]+\s{2,}\|\s/;

/** A Python object's repr (`ChatCompletion(id=None, choices=None, ..., error={...})`): fields set to None, not a call in code. */
function isPythonRepr(line: string): boolean {
  return /^\s*[A-Z]\w*\(/.test(line) && (line.match(/\b\w+=None\b/g)?.length ?? 0) >= 2;
}

/** A command-line parser's usage error as clap, argparse and commander print it (the user's typo, not the session's failure). */
const CLI_USAGE_ERROR =
  /^\s*error: (?:unexpected argument|a value is required for|unrecognized arguments?|unknown option|the following (?:required )?arguments? (?:are|were) (?:required|not provided)|invalid value .{1,60} for)\b/;

/**
 * A web framework's own error log line for a request of the user's app: Django's `django.request` logger ("Internal
 * Server Error: /path"), Flask's `log_exception` ("Exception on /path [GET]"), Rails' "Completed 500 Internal Server
 * Error in 12ms".
 */
const WEB_FRAMEWORK_ERROR =
  /\bInternal Server Error: \/|\bException on \/\S* \[[A-Z]+\]|\bCompleted [45]\d\d [A-Z][\w ]+ in \d+(?:\.\d+)?ms\b/;

/**
 * The agent's own telemetry failing to send (Claude Code's "1P event logging: 3 events failed to export", an OpenTelemetry
 * exporter, Copilot's request to its telemetry host): the session goes on, nothing of it failed.
 */
const TELEMETRY = /\b(?:1P event logging|3P telemetry|OTEL diag error)\b|\btelemetry\.[\w.-]+\.(?:com|net|io)\b/i;

/** An agent's notice that its answers are checked more (Codex: "Responses may take longer because extra safety checks are on"). */
const SLOWER_ANSWERS_NOTICE = /\bextra safety checks are on\b/i;

/**
 * A transcript's display marker of a tool's output cut for the screen (Claude Code: "⎿  [output truncated]", Codex:
 * "[Output truncated: too many lines or bytes]"), alone on its line.
 */
const DISPLAY_MARKER = /^[\s⎿│]*\[(?:output truncated(?:: too many lines or bytes)?|\.\.\.\s*(?:\d+ )?(?:more )?lines? truncated)\]\s*$/i;

/** An assertion message of a test runner (`AssertionError: expected 'a' to be 'b'`), or a report's Expected: / Received: part. */
const TEST_ASSERTION = /^\s*(?:AssertionError(?: \[ERR_ASSERTION\])?:\s|(?:Expected|Received)(?: value)?:\s)/;

/** Gemini CLI's notice of its model fallback: the session went on with another model. */
const MODEL_FALLBACK = /\bSwitched to [\w.-]+ for this session\b/;

/** Claude Code's Read tool on a path that is not there ("File does not exist. Note: your current working directory is ..."). */
const TOOL_FILE_MISSING = /\bFile does not exist[.:]/;

/** A search command whose pattern lists error words (`grep -i "error\|503\|capacity"`), not their output. */
const SEARCH_COMMAND = /^\s*(?:\$\s+)?(?:grep|egrep|fgrep|rg|ag)\s+-\w+\s+["']/;

const RULES: readonly NegativeRule[] = [
  {
    id: 'telemetry-export',
    reads:
      "the agent's telemetry failing to send (its event logging, an OpenTelemetry exporter, a telemetry host), not the session's failure",
    test: (l) => TELEMETRY.test(l) && !MODEL_API.test(l),
  },
  {
    id: 'slower-answers-notice',
    reads: "an agent's notice that its answers are checked more, not a refusal",
    test: (l) => SLOWER_ANSWERS_NOTICE.test(l),
  },
  { id: 'display-marker', reads: "a transcript's marker of output cut for the screen", test: (l) => DISPLAY_MARKER.test(l) },
  { id: 'search-command', reads: 'a search command whose pattern lists error words', test: (l) => SEARCH_COMMAND.test(l) },
  {
    id: 'grep-hit',
    reads: 'a grep, compiler or linter hit (path:line:)',
    test: (l) => /^\s*[\w./\\-]+\.[A-Za-z0-9]{1,5}:\d+:/.test(l) && !GO_LOG_SHORTFILE.test(l) && !C_ASSERTION.test(l),
  },
  {
    id: 'code-statement',
    reads: 'a statement of source code',
    test: (l) =>
      /^\s*(?:-*>\s*)?(?:\d{1,5}\s+)?(?:if|elif|else|except|catch|raise|throw|return|assert|import|from \S+ import|const|let|var|def|function|class|case|await|yield|export|public|private|protected|async|fn|func|pub)\b[\s(]/.test(
        l,
      ) || /^\s*@[\w.]+\(/.test(l),
  },
  { id: 'diff-line', reads: 'an added or removed line of a diff', test: (l) => /^\+(?!\+)\s*\S|^-\s{3,}\S/.test(l) },
  {
    id: 'commit-subject',
    reads: 'a commit subject or changelog entry in the Conventional Commits form (fix: ..., feat(scope): ...)',
    test: (l) => /^\s*(?:fix|feat|chore|docs|refactor|perf|test|build|ci|revert)(?:\([^)]{1,40}\))?!?:\s/i.test(l),
  },
  {
    id: 'issue-title',
    reads: 'an issue title with its tracker tag',
    test: (l) =>
      /^\s*\[(?:bug|fix|feature|feat|fr|question|enhancement|docs?|request|help|issue|usage)(?:\s?[-/:]\s?[\w ]{1,20})?\]:?\s/i.test(l) ||
      // a tracker key in capitals (ABC-123), not a process's name in a log prefix ([chatgpt-2])
      /^\s*\[[A-Z][A-Z0-9]+-\d+(?:\s?[-/:]\s?[\w ]{1,20})?\]:?\s/.test(l),
  },
  // a call at the start of a line (logger.error(...), print(...)); not an error's repr such as RateLimitError('...')
  // a call at the start of a line that ends like code (logger.error(...), print(...)); not an error's repr such as
  // RateLimitError('...'), nor a log line that starts with a function's name (`handler(): Exception ...`, `panic(main thread): ...`)
  {
    id: 'code-call',
    reads: 'a function call in source code',
    test: (l) =>
      /^\s*\[?[A-Za-z_$][\w$.]*(?<!Error|Exception|panic)\(.*[),;{]\s*$/.test(l) &&
      !RUST_DEBUG_VALUE.test(l) &&
      !CALL_AS_LABEL.test(l) &&
      !isPythonRepr(l),
  },
  // an assignment or comparison (a space before the operator: logfmt fields such as error=failed are log lines)
  {
    id: 'code-assignment',
    reads: 'an assignment or comparison in source code',
    test: (l) => /^\s*[A-Za-z_$][\w$.]*(?:\[[^\]]*\])?\s+(?:[-+*/]?=|==|===|!=)\s*\S/.test(l) && !GRPC_ERROR_FIELD.test(l),
  },
  {
    id: 'code-block-end',
    reads: 'a line of code ending in "{" or ";"',
    // V8's GC trace (`[pid:0x...] 123 ms: Scavenge ... allocation failure;`) ends in ";" too
    test: (l) => /(?:\)\s*\{|[;{])\s*$/.test(l) && !ERROR_REPORT_MARK.test(l) && !/^\s*\[\d+:[0-9A-Fa-fx]+\]/.test(l),
  },
  {
    id: 'test-verdict',
    reads: "a test runner's verdict",
    test: (l) =>
      /^\s*(?:FAILED|PASSED|ERROR|XFAIL|XPASS)\s+\S*(?:\.py|\/)\S*::|^\s*(?:---\s+)?(?:FAIL|PASS|ok|not ok)\b.{0,200}\b(?:test|spec)/i.test(
        l,
      ) && !/\bAPI Error\b/.test(l),
  },
  {
    id: 'went-away',
    reads: 'a retry that worked, or a problem that went away',
    test: (l) =>
      /\b(?:succeeded|recovered|cleared|resolved|fixed)\b/i.test(l) &&
      !/\bnot (?:been )?(?:resolved|fixed|recovered)|\bunresolved\b/i.test(l) &&
      !/API Error|[Ee]rror:|Exception\b|error"\s*:/.test(l),
  },
  {
    id: 'test-assertion',
    reads: "a test runner's assertion message, or the Expected / Received part of a report (chai, vitest, jest, a bug template)",
    test: (l) => TEST_ASSERTION.test(l),
  },
  {
    id: 'model-fallback',
    reads: 'an agent\'s notice that it went on with another model (Gemini CLI: "Switched to gemini-2.5-flash for this session")',
    test: (l) => MODEL_FALLBACK.test(l),
  },
  {
    id: 'tool-file-missing',
    reads: 'a file tool\'s answer that the path does not exist (Claude Code\'s Read: "File does not exist.")',
    test: (l) => TOOL_FILE_MISSING.test(l),
  },
  // Ollama's request log (GIN) draws its columns with pipes too
  {
    id: 'markdown-table',
    reads: 'a Markdown table row',
    test: (l) => (/^\s*\|.*\|\s*$/.test(l) || (l.match(/ \| /g)?.length ?? 0) >= 3) && !/\[GIN\]/.test(l) && !LOG_COLUMNS.test(l),
  },
  {
    id: 'program-error',
    reads: "an error of the user's own program or its build (a missing attribute or import, a type error, a compiler diagnostic)",
    test: (l) =>
      /\b(?:has no attribute|cannot import name|No module named|is not defined|is not a function|does not exist on type|error TS\d{4}|error\[E\d{4}\])/.test(
        l,
      ),
  },
  {
    id: 'numbered-step',
    reads: 'a numbered step of a report (steps to reproduce, a timeline)',
    test: (l) => /^\s*\d{1,2}[.)]\s+[A-Z][a-z]+(?:\s+["\u201c]?[\w'\u2019]+){2,}/.test(l),
  },
  {
    id: 'change-title',
    reads: 'the title of a change (a pull request or changelog entry: "Add retry for 429", "Fixes ...", "- 修复 ...")',
    test: (l) =>
      /^\s*(?:Add(?:s|ed)?|Fix(?:es|ed)?|Implement(?:s|ed)?|Improve[sd]?|Supports?)\s|^\s*(?:[-*]\s+)?(?:修复|新增|优化)/.test(l),
  },
  {
    id: 'markdown-prose-bullet',
    reads: 'a Markdown bullet of prose (lower-case words, or bold text)',
    test: (l) => /^\s*[-*+]\s+(?:[a-z]+\s+[a-z]+\s|.*\*\*[^*]+\*\*)/.test(l),
  },
  { id: 'markdown-list', reads: 'a Markdown list item', test: (l) => /^\s*(?:[-*+]|\d{1,2}\.)\s+\S/.test(l) && !ERROR_REPORT_MARK.test(l) },
  {
    id: 'error-reference',
    reads: 'an error reference entry',
    test: (l) => /^\s*[45]\d\d\s+[-\u2013]\s+\S/.test(l) || /\b[45]\d\d - [a-z_]+_error: /.test(l),
  },
  {
    id: 'explanation',
    reads: 'prose explaining an error',
    test: (l) =>
      /\b(?:Raised when|is raised when|is returned when|is emitted when|also known as|occurs (?:when|if|due to)|Cause:|Solution:|(?:usually|always|typically|often) means|(?:error|status|code) indicates)\b/i.test(
        l,
      ),
  },
  {
    id: 'code-fstring',
    reads: 'a Python f-string literal in source code (f"Failed to ... {name}")',
    test: (l) => /^\s*f["'][^"'\n]*\{[\w.]+[^}]*\}/.test(l),
  },
  {
    id: 'network-diagnostic',
    reads: "a network diagnostic's output (ping: Request timeout for icmp_seq 3)",
    test: (l) => /\bicmp_seq\b/.test(l),
  },
  {
    id: 'cli-usage-error',
    reads: "a command line's usage error (clap, argparse, commander: an unknown or missing argument)",
    test: (l) => CLI_USAGE_ERROR.test(l),
  },
  {
    id: 'update-check',
    reads: "an agent's check for a newer version of itself",
    test: (l) => /\b(?:checking (?:pypi|npm|for updates?|for (?:a )?new(?:er)? version)|update check)\b/i.test(l),
  },
  {
    id: 'markdown-prose',
    reads: 'Markdown prose quoting error names as code',
    test: (l) => (l.match(/`[^`]+`/g)?.length ?? 0) >= 2 && !ERROR_REPORT_MARK.test(l),
  },
  {
    id: 'question-cjk',
    reads: 'a question a person asks in Chinese (a full-width question mark, "why", "what happened", "may I ask")',
    test: (l) => /？|为什么|怎么回事|怎么办|请问|是什么原因/.test(l),
  },
  {
    id: 'web-framework-error-log',
    reads: "the error log of the user's own web app, as Django, Flask or Rails write it (Internal Server Error: /path)",
    test: (l) => WEB_FRAMEWORK_ERROR.test(l) && !MODEL_API.test(l),
  },
  {
    id: 'app-request-log',
    reads: "a request log line of the user's own web app",
    test: (l) =>
      /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+(?:\s+HTTP\/\d(?:\.\d)?"?)?\s+[1-5]\d\d\b/.test(l) && !MODEL_API.test(l),
  },
];

/**
 * Every shape a negative rule looks for, as one expression: a line none of whose parts it matches is no rule's (most
 * error lines), and costs one search. Kept in step with the rules by a unit test.
 */
export const ANY_NEGATIVE_SHAPE = {
  /** The shapes that start a line (code, grep hits, test verdicts, lists, diffs, tracker tags, reference entries). */
  start:
    /^\s*(?:f["']|[\w./\\-]+\.[A-Za-z0-9]{1,5}:\d+:|(?:fix|feat|chore|docs|refactor|perf|test|build|ci|revert)(?:\([^)]{1,40}\))?!?:\s|(?:-*>\s*)?(?:\d{1,5}\s+)?(?:if|elif|else|except|catch|raise|throw|return|assert|import|from \S+ import|const|let|var|def|function|class|case|await|yield|export|public|private|protected|async|fn|func|pub)\b[\s(]|@[\w.]+\(|\[(?:bug|fix|feature|feat|fr|question|enhancement|docs?|request|help|issue|usage|[A-Z][A-Z0-9]+-\d+)(?:\s?[-/:]\s?[\w ]{1,20})?\]|\[?[A-Za-z_$][\w$.]*\(|[A-Za-z_$][\w$.]*(?:\[[^\]]*\])?\s+(?:[-+*/]?=|==|===|!=)|(?:FAILED|PASSED|ERROR|XFAIL|XPASS)\s+\S*(?:\.py|\/)\S*::|(?:---\s+)?(?:FAIL|PASS|ok|not ok)\b.{0,200}\b(?:test|spec)|---\s|(?:[-*+]|\d{1,2}[.)])\s|(?:Add(?:s|ed)?|Fix(?:es|ed)?|Implement(?:s|ed)?|Improve[sd]?|Supports?)\s|(?:[-*]\s+)?(?:修复|新增|优化)|AssertionError(?: \[ERR_ASSERTION\])?:\s|(?:Expected|Received)(?: value)?:\s|[45]\d\d\s+[-\u2013]|\+(?!\+)\s*\S|-\s{3,}\S|error: (?:unexpected argument|a value is required for|unrecognized arguments?|unknown option|the following (?:required )?arguments? (?:are|were) (?:required|not provided)|invalid value .{1,60} for)\b|[⎿│\s]*\[(?:output truncated|\.\.\.)|(?:\$\s+)?(?:grep|egrep|fgrep|rg|ag)\s+-\w+\s+["'])/i,
  /** The shapes found anywhere in a line. */
  anywhere:
    /[;{]\s*$|^\s*\|| \| |`[^`]+`[^`]*`| - [a-z_]+_error: |\b(?:succeeded|recovered|cleared|resolved|fixed|Raised when|is raised when|is returned when|is emitted when|also known as|occurs (?:when|if|due to)|Cause:|Solution:|(?:usually|always|typically|often) means|(?:error|status|code) indicates|icmp_seq|Switched to [\w.-]+ for this session|File does not exist[.:]|has no attribute|cannot import name|No module named|is not defined|is not a function|does not exist on type|error TS\d{4}|error\[E\d{4}\]|(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+(?:\s+HTTP\/\d(?:\.\d)?"?)?\s+[1-5]\d\d\b|Internal Server Error: \/|Exception on \/|Completed [45]\d\d|checking (?:pypi|npm|for updates?|for (?:a )?new(?:er)? version)|update check)|？|为什么|怎么回事|怎么办|请问|是什么原因|1P event logging|3P telemetry|OTEL diag error|telemetry\.[\w.-]+\.(?:com|net|io)\b|extra safety checks are on/i,
  test(line: string): boolean {
    return this.start.test(line) || this.anywhere.test(line);
  },
};

/**
 * The first negative rule a raw line matches, if any: the line reads as something other than an agent's or API's error
 * report, so an error word in it is not the session's failure. Conservative: JSON error bodies, `Error: ...` lines,
 * stack-trace messages and agent UI lines are kept. All patterns are linear.
 */
export function negativeEvidence(line: string): NegativeRule | undefined {
  return ANY_NEGATIVE_SHAPE.test(line) ? RULES.find((r) => r.test(line)) : undefined;
}

/** All negative rules, in the order they are tried (for the docs and tests). */
export const NEGATIVE_RULES: readonly NegativeRule[] = RULES;
