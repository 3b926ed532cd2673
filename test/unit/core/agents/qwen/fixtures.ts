/** What the Qwen Code tests share: where the fixtures are, and reading them with and without the parser. */
import * as fs from 'fs';
import * as path from 'path';
import type { AgentEvent, EventKind } from '../../../../../src/core/model/event';
import { parseQwenLine } from '../../../../../src/core/agents/qwen/session';
import { REPO_ROOT } from '../../../helpers';

// Tests compile to out/test/unit/agents/qwen/*.js; fixtures stay in the source tree.
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/qwen');
/** Where the CLI wrote the fixtures (PROVENANCE.md). */
export const FILE = '/home/dev/.qwen/projects/-home-dev-projects-demo-app/chats/00000000-0000-4000-8000-000000000000.jsonl';

/** Every real session fixture (`garbage.jsonl` is hand-made). */
export const REAL = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl')
  .map((f) => f.replace(/\.jsonl$/, ''))
  .sort();

export interface Parsed {
  events: AgentEvent[];
  lines: number;
  failed: Array<{ line: string; error: string }>;
  sessionIds: Set<string>;
  cwd?: string;
  titles: string[];
}

/** Parses a fixture line by line, as the tailer does. */
export function parse(name: string): Parsed {
  const raw = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
  const out: Parsed = { events: [], lines: 0, failed: [], sessionIds: new Set(), titles: [] };
  let offset = 0;
  for (const line of raw.split('\n')) {
    const r = parseQwenLine(line, { file: FILE, offset }, 'fallback');
    if (line.trim()) {
      out.lines++;
    }
    if (r.ok) {
      out.events.push(...r.events);
      if (r.info.sessionId) {
        out.sessionIds.add(r.info.sessionId);
      }
      out.cwd ??= r.info.cwd;
      if (r.info.title) {
        out.titles.push(r.info.title);
      }
    } else {
      out.failed.push({ line, error: r.error });
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  }
  return out;
}

/** The fields of a raw Qwen Code record the tests read (see src/core/agents/qwen/FORMAT.md); counts are tokens. */
export interface RawRecord {
  uuid: string;
  sessionId: string;
  timestamp: string;
  type: string;
  subtype?: string;
  message?: { role: string; parts: Array<{ text?: string; functionCall?: { id: string; name: string; args: unknown } }> };
  usageMetadata?: { promptTokenCount: number; candidatesTokenCount: number; cachedContentTokenCount: number; totalTokenCount: number };
  systemPayload?: { uiEvent?: Record<string, unknown>; info?: { originalTokenCount: number; newTokenCount: number } };
}

/** The raw records of a real fixture. */
export function records(name: string): RawRecord[] {
  return fs
    .readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RawRecord);
}

/** The events of one kind. */
export const ofKind = (events: AgentEvent[], k: EventKind) => events.filter((e) => e.kind === k);

/** How many events of each kind. */
export function kinds(events: AgentEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    out[e.kind] = (out[e.kind] ?? 0) + 1;
  }
  return out;
}

/** The api_error records of a fixture, read independently of the parser. */
export function apiErrors(name: string): Array<Record<string, unknown>> {
  return records(name)
    .map((r) => r.systemPayload?.uiEvent)
    .filter((e): e is Record<string, unknown> => e?.['event.name'] === 'qwen-code.api_error');
}
