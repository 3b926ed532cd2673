/**
 * What the session-health tests share: real Claude Code transcript lines (test/fixtures/claude, CLI 2.1.330; see
 * PROVENANCE.md), their events, and longer sessions built by replaying real lines (timestamps shifted, message ids made
 * unique per copy), never invented shapes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseClaudeLine } from '../../../../src/core/agents/claude/transcript';
import type { Engine } from '../../../../src/core/engine/engine';
import type { AgentEvent } from '../../../../src/core/model/event';
import { REPO_ROOT } from '../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/claude');
export const MIN = 60_000;

/** The non-blank lines of a fixture. */
export function lines(name: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}

/** Events of real transcript lines, in order (as the tailer hands them to the engine). */
export function eventsOf(ls: readonly string[], file = 'fixture.jsonl'): AgentEvent[] {
  const out: AgentEvent[] = [];
  let offset = 0;
  for (const l of ls) {
    const r = parseClaudeLine(l, { file, offset }, 'fallback');
    offset += Buffer.byteLength(l) + 1;
    if (r.ok) {
      out.push(...r.events);
    }
  }
  return out;
}

/**
 * A fixture replayed `copies` times in a row as one session: copy k has its timestamps moved by k * `stepMs`, its
 * Anthropic message ids suffixed with `_k` (so the copies are distinct messages) and its session id set to `sessionId`.
 */
export function replay(name: string, copies: number, stepMs: number, sessionId: string): string[] {
  const out: string[] = [];
  const src = lines(name);
  const original = /"sessionId":"([^"]+)"/.exec(src.join('\n'))![1];
  for (let k = 0; k < copies; k++) {
    for (const l of src) {
      out.push(
        l
          .replace(/"timestamp":"([^"]+)"/g, (_a, iso: string) => `"timestamp":"${new Date(Date.parse(iso) + k * stepMs).toISOString()}"`)
          .replace(/"(msg_01FAKE\w+)"/g, `"$1_${k}"`)
          .split(original)
          .join(sessionId),
      );
    }
  }
  return out;
}

/** The epoch ms of a line's timestamp. */
export function tsOf(line: string): number {
  return Date.parse(/"timestamp":"([^"]+)"/.exec(line)![1]);
}

/** The latest timestamp of some lines (bookkeeping lines have none). */
export function lastTs(ls: readonly string[]): number {
  return Math.max(...ls.filter((l) => l.includes('"timestamp"')).map(tsOf));
}

/** The earliest timestamp of some lines. */
export function firstTs(ls: readonly string[]): number {
  return Math.min(...ls.filter((l) => l.includes('"timestamp"')).map(tsOf));
}

/** The open findings of a session. */
export const open = (e: Engine, id: string) => e.session(id)!.findings.filter((f) => f.status === 'open');
