/** What the Cline-family tests share: where the fixtures are, and reading them with and without the parser. */
import * as fs from 'fs';
import * as path from 'path';
import type { AgentEvent, EventKind } from '../../../../../src/core/model/event';
import { parseTaskMessages } from '../../../../../src/core/agents/cline/taskMessages';
import type { DocumentResult } from '../../../../../src/core/ingest/transcriptKind';
import { REPO_ROOT } from '../../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/cline');
/** Where the CLI wrote the fixtures (PROVENANCE.md). */
export const FILE = '/home/dev/.cline/data/tasks/1796051174871/ui_messages.json';

/** Every real task folder (`garbage/` is hand-made). */
export const REAL = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'garbage')
  .map((d) => d.name)
  .sort();

/** One raw message of a ui_messages.json (see src/core/agents/cline/FORMAT.md). */
export interface RawMessage {
  ts: number;
  type: 'say' | 'ask';
  say?: string;
  ask?: string;
  text?: string;
  partial?: boolean;
}

/** The text of a fixture's ui_messages.json. */
export function raw(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name, 'ui_messages.json'), 'utf8');
}

/** The raw messages of a real fixture. */
export function messages(name: string): RawMessage[] {
  return JSON.parse(raw(name)) as RawMessage[];
}

/** The task id the CLI gave a fixture (its first message's time is the id's neighbour; the id is in the stdout file). */
export function taskId(name: string): string {
  const m = /# task folder: .*[\\/]tasks[\\/](\d+)/.exec(fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8'));
  if (!m) {
    throw new Error(`no task id for ${name}`);
  }
  return m[1];
}

/** Parses a fixture whole, as the document reader does. */
export function parse(name: string, agent = 'cline'): Extract<DocumentResult, { ok: true }> {
  const r = parseTaskMessages(agent, raw(name), FILE, taskId(name));
  if (!r.ok) {
    throw new Error(r.error);
  }
  return r;
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
