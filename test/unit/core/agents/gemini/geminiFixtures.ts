/**
 * What the Gemini CLI session tests share: the real session files of test/fixtures/gemini (@google/gemini-cli 0.61.0,
 * headless and interactive runs; PROVENANCE.md), parsed line by line as the tailer does, and the fixture lists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AgentEvent, EventKind } from '../../../../../src/core/model/event';
import { GeminiSessionParser } from '../../../../../src/core/agents/gemini/session';
import { REPO_ROOT } from '../../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/gemini');
/** Where the CLI wrote the fixtures (PROVENANCE.md): a main session file, so events are not sidechain. */
export const FILE = '/home/dev/.gemini/tmp/demo-app/chats/session-2026-11-23T16-55-abcdef12.jsonl';

/** What a fixture parsed into: its events, the lines that failed, and the session facts found. */
export interface Parsed {
  events: AgentEvent[];
  failed: Array<{ line: string; error: string }>;
  sessionId?: string;
  cwd?: string;
  titles: string[];
}

/** Parses a fixture line by line with a fresh parser, as the tailer does (the session id found is passed on). */
export function parseFixture(name: string, parser = new GeminiSessionParser(), file = FILE): Parsed {
  const raw = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const out: Parsed = { events: [], failed: [], titles: [] };
  let offset = 0;
  let sessionId = 'fallback';
  for (const line of raw.split('\n')) {
    const r = parser.parseLine(line, { file, offset }, sessionId);
    if (r.ok) {
      out.events.push(...r.events);
      if (r.info.sessionId) {
        sessionId = out.sessionId = r.info.sessionId;
      }
      out.cwd ??= r.info.cwd;
      if (r.info.title) {
        out.titles.push(r.info.title);
      }
    } else if (line.trim()) {
      out.failed.push({ line, error: r.error });
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  }
  return out;
}

/** The raw records of a fixture (every line parses as JSON in the real files). */
export function records(name: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function kinds(events: AgentEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    out[e.kind] = (out[e.kind] ?? 0) + 1;
  }
  return out;
}

export const ofKind = (events: AgentEvent[], k: EventKind) => events.filter((e) => e.kind === k);

/** Independent of the parser: the last `tokens` of each gemini message id, mapped as documented, summed. */
export function expectedUsage(name: string): { input: number; output: number; cacheRead: number } {
  const last = new Map<string, Record<string, number>>();
  for (const r of records(name)) {
    if (r.type === 'gemini' && typeof r.id === 'string' && r.tokens) {
      last.set(r.id, r.tokens as Record<string, number>);
    }
  }
  const s = { input: 0, output: 0, cacheRead: 0 };
  for (const t of last.values()) {
    s.input += t.input - t.cached;
    s.output += t.output + t.thoughts;
    s.cacheRead += t.cached;
  }
  return s;
}

export function usageOf(events: AgentEvent[]): { input: number; output: number; cacheRead: number } {
  const s = { input: 0, output: 0, cacheRead: 0 };
  for (const e of events) {
    if (e.usage) {
      s.input += e.usage.input;
      s.output += e.usage.output;
      s.cacheRead += e.usage.cacheRead;
    }
  }
  return s;
}

/** Distinct tool call ids in the file's gemini messages. */
export function toolCallIds(name: string): string[] {
  const ids = new Set<string>();
  for (const r of records(name)) {
    for (const c of (r.toolCalls as Array<{ id: string }> | undefined) ?? []) {
      ids.add(c.id);
    }
  }
  return [...ids];
}

/** Headless runs whose turn failed (the CLI took the failed prompt out of its history; its report has the error). */
export const FAILED_TURNS = [
  'rate_limit_forever',
  'quota',
  'auth_401',
  'auth_403',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'dropped_connection',
  'malformed_stream',
];

/** Every headless run's session file. */
export const REAL = ['happy', 'tool_use', 'tool_loop', 'rate_limit_then_ok', ...FAILED_TURNS, 'hang'];
export const INTERACTIVE = [
  'happy',
  'tool_loop',
  'rate_limit_then_ok',
  'rate_limit_forever',
  'quota',
  'auth_401',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'dropped_connection',
  'malformed_stream',
  'hang',
  'hang_killed',
  'quota_stop',
].map((n) => `interactive_${n}`);
