/** What the pi tests share: where the fixtures are (test/fixtures/pi, PROVENANCE.md), and reading them with the parser. */
import * as fs from 'fs';
import * as path from 'path';
import type { AgentEvent, EventKind } from '../../../../../src/core/model/event';
import { parsePiLine } from '../../../../../src/core/agents/pi/session';
import { REPO_ROOT } from '../../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/pi');

/** Every real session fixture (`garbage.jsonl` is hand-made). */
export const REAL = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl')
  .map((f) => f.replace(/\.jsonl$/, ''))
  .sort();

/** The raw text of a fixture. */
export const raw = (name: string): string => fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');

/** The records (JSON objects) of a fixture. */
export function records(name: string): Array<Record<string, unknown>> {
  return raw(name)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The session id of a fixture: its header's `id`. */
export const sessionIdOf = (name: string): string => records(name)[0].id as string;

/** The file name pi gave a fixture (PROVENANCE.md, the stdout file). */
export function fileNameOf(name: string): string {
  const m = /# session file: .*[\\/]([^\\/\s]+\.jsonl)/.exec(fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8'));
  if (!m) {
    throw new Error(`no session file for ${name}`);
  }
  return m[1];
}

export interface Parsed {
  events: AgentEvent[];
  failed: Array<{ line: string; error: string }>;
  sessionIds: Set<string>;
  cwd?: string;
}

/** Parses a fixture line by line, as the tailer does. */
export function parse(name: string): Parsed {
  const out: Parsed = { events: [], failed: [], sessionIds: new Set() };
  const id = sessionIdOf(name);
  raw(name)
    .split('\n')
    .forEach((line, i) => {
      const r = parsePiLine(line, { file: 'f', offset: i }, id);
      if (!r.ok) {
        out.failed.push({ line, error: r.error });
        return;
      }
      out.events.push(...r.events);
      if (r.info.sessionId) {
        out.sessionIds.add(r.info.sessionId);
      }
      out.cwd ??= r.info.cwd;
    });
  return out;
}

/** The events of one kind. */
export const ofKind = (events: readonly AgentEvent[], k: EventKind) => events.filter((e) => e.kind === k);
