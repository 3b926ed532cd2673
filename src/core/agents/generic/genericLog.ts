/**
 * Generic line logs: agents that write no transcript but a plain log (e.g. a Hermes-style `~/.hermes/logs/agent.log`
 * with lines like `WARNING [session_id] agent.conversation_loop: API call failed (attempt 1/3)`), configured in
 * `sessionDoctor.sources.generic.logs` as `{ glob, agent?, timestampPattern?, sessionPattern? }`. Files are found with
 * picomatch globs over a bounded walk; the patterns are RE2 (re2js: linear time, so a user's pattern cannot hang the
 * extension host) and are checked when the setting is read. Each line is one event: a line at level WARNING/ERROR/
 * CRITICAL/FATAL, or saying error/exception/failed, and the indented lines that follow it, are `error` events (the
 * detector classifies them); other lines are `system` events. Pure module.
 */
import picomatch from 'picomatch';
import type { RE2JS } from 're2js';
import type { TranscriptFile } from '../../ingest/discovery';
import type { AgentEvent, AgentKind, EventOrigin } from '../../model/event';
import { clipText } from '../../model/event';
import { AGENT_IDS, isAgentId } from '../index';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import { redactSecrets } from '../../ingest/redact';
import { statusIn } from '../../detection/status';
import type { FileAccess, LineResult, TranscriptFormat } from '../../ingest/tailer';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use: re2js costs tens of ms to load and most users configure no generic log */
let re2js: typeof import('re2js') | undefined;
/** The re2js module, loaded on first call. */
function re2(): typeof RE2JS {
  return (re2js ??= require('re2js') as typeof import('re2js')).RE2JS;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** One configured log, checked. */
export interface GenericLogSpec {
  /** Absolute glob (forward slashes), `~` already expanded by the caller. */
  glob: string;
  agent: AgentKind;
  /** First capture group: the line's time. */
  timestampPattern?: RE2JS;
  /** First capture group: the session id. */
  sessionPattern?: RE2JS;
}

/** Default time at the start of a line: `2026-11-23 12:00:00,123`, `2026-11-23T12:00:00.123Z`, `[2026-11-23 12:00:00]`. */
let defaultTimestamp: RE2JS | undefined;
/** The default time pattern, compiled on first use. */
function defaultTimestampPattern(): RE2JS {
  return (defaultTimestamp ??= re2().compile(
    '^\\[?(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,6})?(?:Z|[+-]\\d{2}:?\\d{2})?)',
  ));
}
const ERROR_LINE = /\b(?:WARN(?:ING)?|ERROR|CRITICAL|FATAL|SEVERE)\b|\b(?:error|exception|failed|failure|traceback)\b/i;

/** Most entries visited per glob walk, and deepest folder level below the glob's base (bounded work). */
const MAX_WALK_ENTRIES = 5000;
const MAX_WALK_DEPTH = 6;

/**
 * Checks `sessionDoctor.sources.generic.logs`. `expandHome` turns `~/x` into an absolute path. Bad entries are left
 * out, each with a one-sentence problem (e.g. `sources.generic.logs[1].sessionPattern: error parsing regexp: missing
 * closing ): \`(a\``). Never throws.
 */
export function parseGenericLogSpecs(raw: unknown, expandHome: (p: string) => string): { specs: GenericLogSpec[]; problems: string[] } {
  const specs: GenericLogSpec[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) {
    return { specs, problems };
  }
  if (!Array.isArray(raw)) {
    return { specs, problems: ['sources.generic.logs: expected an array of { glob, agent?, timestampPattern?, sessionPattern? }.'] };
  }
  raw.forEach((entry, i) => {
    const at = `sources.generic.logs[${i}]`;
    if (
      !entry ||
      typeof entry !== 'object' ||
      typeof (entry as { glob?: unknown }).glob !== 'string' ||
      !(entry as { glob: string }).glob.trim()
    ) {
      problems.push(`${at}: expected an object with a "glob" string.`);
      return;
    }
    const e = entry as { glob: string; agent?: unknown; timestampPattern?: unknown; sessionPattern?: unknown };
    const glob = expandHome(e.glob.trim()).replace(/\\/g, '/');
    if (!glob.startsWith('/') && !/^[A-Za-z]:\//.test(glob)) {
      problems.push(`${at}.glob: "${e.glob}" is not an absolute path (start it with / or ~/).`);
      return;
    }
    if (e.agent !== undefined && !isAgentId(e.agent)) {
      problems.push(`${at}.agent: unknown agent "${String(e.agent)}" (known: ${AGENT_IDS.join(', ')}).`);
      return;
    }
    const compile = (key: 'timestampPattern' | 'sessionPattern'): RE2JS | undefined | false => {
      const v = e[key];
      if (v === undefined || v === '') {
        return undefined;
      }
      if (typeof v !== 'string') {
        problems.push(`${at}.${key}: expected a string.`);
        return false;
      }
      try {
        const re = re2().compile(v);
        if (re.groupCount() < 1) {
          problems.push(`${at}.${key}: "${v}" has no capture group; put the part to extract in ( ).`);
          return false;
        }
        return re;
      } catch (err) {
        problems.push(`${at}.${key}: ${(err as Error).message}`);
        return false;
      }
    };
    const timestampPattern = compile('timestampPattern');
    const sessionPattern = compile('sessionPattern');
    if (timestampPattern === false || sessionPattern === false) {
      return;
    }
    specs.push({ glob, agent: (e.agent as AgentKind | undefined) ?? 'generic', timestampPattern, sessionPattern });
  });
  return { specs, problems };
}

/** Parses a log time: ISO 8601, or `YYYY-MM-DD HH:MM:SS[,mmm]` as local time. 0 when it does not parse. */
export function parseLogTime(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : 0;
  }
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (m[8]) {
    const zone = m[8] === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, '0')}${zone}`);
  }
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms).getTime();
}

/** First capture group of `re` in `text`, or undefined. */
function group1(re: RE2JS, text: string): string | undefined {
  const m = re.matcher(text);
  return m.find() ? (m.group(1) ?? undefined) : undefined;
}

/**
 * The line format of one configured log. Keeps, per file, the session and level of the last line, so indented
 * continuation lines belong to the line they continue.
 */
export function createGenericLogFormat(spec: GenericLogSpec): TranscriptFormat {
  const last = new Map<string, { sessionId?: string; error: boolean; ts: number }>();
  return {
    agent: spec.agent,
    parseLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
      const text = line.replace(/\s+$/, '');
      if (!text.trim()) {
        return { ok: true, info: {}, events: [] };
      }
      const prev = origin.offset === 0 ? undefined : last.get(origin.file);
      const continuation = /^\s/.test(text) && prev !== undefined;
      const stamp = group1(spec.timestampPattern ?? defaultTimestampPattern(), text);
      const ts = stamp ? parseLogTime(stamp) : continuation ? prev.ts : 0;
      const sessionId =
        (spec.sessionPattern ? group1(spec.sessionPattern, text) : undefined) ??
        (continuation ? prev.sessionId : undefined) ??
        fallbackSessionId;
      const error = continuation ? prev.error : ERROR_LINE.test(text);
      last.set(origin.file, { sessionId, error, ts });
      const clean = clipText(redactSecrets(text.trim()));
      const event: AgentEvent = error
        ? {
            sessionId,
            agent: spec.agent,
            timestamp: ts,
            kind: 'error',
            rawLine: true,
            text: clean,
            isError: true,
            httpStatus: statusIn(clean),
            origin,
          }
        : { sessionId, agent: spec.agent, timestamp: ts, kind: 'system', text: clean, origin };
      return { ok: true, info: {}, events: [event] };
    },
  };
}

/** Lists files matching `glob` (absolute, forward slashes) modified at or after `sinceMs`, with a bounded walk. Never throws. */
export async function findByGlob(fs: FileAccess, glob: string, sinceMs: number): Promise<{ path: string; mtime: number; size: number }[]> {
  const scan = picomatch.scan(glob);
  const isMatch = picomatch(glob, { dot: true });
  const found: { path: string; mtime: number; size: number }[] = [];
  if (!scan.isGlob) {
    const st = await fs.stat(glob).catch(() => undefined);
    return st && !st.isDirectory && st.mtime >= sinceMs ? [{ path: glob, mtime: st.mtime, size: st.size }] : [];
  }
  const maxDepth = scan.glob.includes('**') ? MAX_WALK_DEPTH : scan.glob.split('/').length - 1;
  let visited = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const name of await fs.list(dir).catch(() => [] as string[])) {
      if (++visited > MAX_WALK_ENTRIES) {
        return;
      }
      const path = `${dir.replace(/\/$/, '')}/${name}`;
      const st = await fs.stat(path).catch(() => undefined);
      if (!st) {
        continue;
      }
      if (st.isDirectory) {
        if (depth < maxDepth) {
          await walk(path, depth + 1);
        }
      } else if (st.mtime >= sinceMs && isMatch(path)) {
        found.push({ path, mtime: st.mtime, size: st.size });
      }
    }
  };
  await walk(scan.base || '/', 0);
  return found;
}

/** Session id of the lines of a log file that name no session: `log-<file name>`. */
export function logFallbackSessionId(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? 'log';
  return `log-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/**
 * The configured logs as one transcript kind (`generic`; not in `TRANSCRIPT_KINDS`, built from the setting). Its roots
 * are ignored: the globs say where to look. A file matched by several entries takes the first.
 */
export function genericLogKind(specs: readonly GenericLogSpec[]): TranscriptKind {
  const formats = specs.map((s) => ({ spec: s, format: createGenericLogFormat(s), isMatch: picomatch(s.glob, { dot: true }) }));
  const formatOf = (file: string) => formats.find((f) => f.isMatch(file.replace(/\\/g, '/')));
  return {
    id: 'generic',
    agent: 'generic',
    label: 'Generic logs',
    reader: 'lines',
    format: {
      agent: 'generic',
      parseLine(line, origin, fallback) {
        const f = formatOf(origin.file);
        return f ? f.format.parseLine(line, origin, fallback) : { ok: false, error: 'no configured log matches this file' };
      },
    },
    defaultRoots: () => [],
    async discover(fs, _roots, sinceMs) {
      const seen = new Map<string, TranscriptFile>();
      for (const s of specs) {
        for (const f of await findByGlob(fs, s.glob, sinceMs)) {
          if (!seen.has(f.path)) {
            seen.set(f.path, { path: f.path, sessionIdFromName: logFallbackSessionId(f.path), mtime: f.mtime, size: f.size });
          }
        }
      }
      return [...seen.values()].sort((a, b) => b.mtime - a.mtime);
    },
    matchesPath: (path) => formatOf(path) !== undefined,
    sniff: () => false,
  };
}
