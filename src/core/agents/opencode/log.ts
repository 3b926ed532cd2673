/**
 * opencode's log -> {@link AgentEvent}s: the retried API errors, which the database does not keep. Pure module.
 *
 * Source: opencode 1.18.33 (its binary's bundled JavaScript: the file logger `fileLogger` writes
 * `<data>/log/opencode.log`, appending, one logfmt line per entry: `timestamp=<ISO> level=<DEBUG|INFO|WARN|ERROR>
 * run=<8 hex digits, one per process> message=<text> key=value...`, nested fields as dotted keys (`session.id`,
 * `error.error`), a value JSON-quoted when it holds a space, `=`, `"` or `\`), checked against the logs of the fixture
 * runs (test/fixtures/opencode). Every process of the user appends to the same file.
 *
 * Read: `level=ERROR message="stream error" ... session.id=<id> ... error.error="AI_APICallError: <provider's message>"`,
 * written for every failed model call of a session, the ones opencode retries too (its retries are kept nowhere
 * else: the database records only the error that ended the turn, and not even that for a context overflow) -> an `error`
 * event of that session. Every other line gives no event (the `message=process ... error=...` line after a failed
 * call repeats the stream error). No line is "unreadable": a log holds any text.
 */
import type { AgentEvent, EventOrigin } from '../../model/event';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';
import { cleanText as clean, parseTimestamp } from '../../ingest/jsonLine';

/** The first line shape of opencode's log (1.18): `timestamp=<ISO> level=<LEVEL> run=<8 hex digits> `. */
export const LOG_LINE = /^timestamp=\d{4}-\d\d-\d\dT[\d:.]+Z level=(?:DEBUG|INFO|WARN|ERROR) run=[0-9a-f]{8} /;

/**
 * The fields of one logfmt line: `key=value` pairs separated by spaces, a value bare (no space, `=`, `"`, `\`) or a JSON
 * string. Stops at the first pair that is neither (the rest of the line is not logfmt). Never throws.
 */
export function parseLogfmt(line: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') {
      i++;
    }
    const eq = line.indexOf('=', i);
    if (eq <= i || /\s/.test(line.slice(i, eq))) {
      break;
    }
    const key = line.slice(i, eq);
    i = eq + 1;
    if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        j += line[j] === '\\' ? 2 : 1;
      }
      try {
        out.set(key, JSON.parse(line.slice(i, j + 1)) as string);
      } catch {
        out.set(key, line.slice(i + 1, j));
      }
      i = j + 1;
    } else {
      const end = line.indexOf(' ', i);
      out.set(key, line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
  }
  return out;
}

/**
 * Parses one line of opencode's log: a `stream error` line of a session is an `error` event with the error's text, the
 * model and the line's time; every other line is `ok` with no event. Never throws, never fails a line.
 */
export function parseOpencodeLogLine(line: string, origin: EventOrigin): LineResult {
  if (!LOG_LINE.test(line) || !line.includes('message="stream error"')) {
    return { ok: true, events: [], info: {} };
  }
  const f = parseLogfmt(line);
  const sessionId = f.get('session.id');
  const text = f.get('error.error') ?? f.get('error.message') ?? f.get('error');
  if (f.get('message') !== 'stream error' || !sessionId || !text) {
    return { ok: true, events: [], info: {} };
  }
  const model = f.get('modelID');
  const event: AgentEvent = {
    sessionId,
    agent: 'opencode',
    timestamp: parseTimestamp(f.get('timestamp')),
    kind: 'error',
    text: clean(text),
    isError: true,
    origin,
    ...(model ? { model } : {}),
  };
  return { ok: true, events: [event], info: {} };
}

/** opencode's log as a line format. */
export const opencodeLogFormat: TranscriptFormat = {
  agent: 'opencode',
  parseLine: (line, origin) => parseOpencodeLogLine(line, origin),
};
