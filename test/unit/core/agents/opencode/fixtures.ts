/** What the opencode tests share: the real fixtures (test/fixtures/opencode, PROVENANCE.md), unzipped and parsed. */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { type BinaryDocument, WAL_SUFFIX, parseOpencodeDatabase } from '../../../../../src/core/agents/opencode/format';
import { parseOpencodeLogLine } from '../../../../../src/core/agents/opencode/log';
import type { AgentEvent, EventKind } from '../../../../../src/core/model/event';
import { REPO_ROOT, sqlJs } from '../../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/opencode');

/** Every scenario with a database (`<name>.db.gz`). */
export const REAL = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.db.gz'))
  .map((f) => f.slice(0, -'.db.gz'.length))
  .sort();

/** The database file and its WAL (absent when opencode left none), unzipped. */
export function document(name: string): BinaryDocument {
  const wal = path.join(FIXTURES, `${name}.db-wal.gz`);
  return {
    bytes: zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, `${name}.db.gz`))),
    companions: { [WAL_SUFFIX]: fs.existsSync(wal) ? zlib.gunzipSync(fs.readFileSync(wal)) : undefined },
  };
}

/** Where opencode keeps its database (the fixtures' throw-away HOME, PROVENANCE.md). */
export const DB_FILE = '/home/dev/.local/share/opencode/opencode.db';

/** Parses a fixture's database with the real sql.js; throws when the parse fails. */
export async function parseDb(name: string) {
  const r = parseOpencodeDatabase(document(name), DB_FILE, 'opencode.db', await sqlJs());
  if (!r.ok) {
    throw new Error(`${name}: ${r.error}`);
  }
  return r;
}

/** The text of a fixture's log. */
export const logText = (name: string): string => fs.readFileSync(path.join(FIXTURES, `${name}.log`), 'utf8');

/** The events of a fixture's log, line by line. */
export function logEvents(name: string): AgentEvent[] {
  return logText(name)
    .split('\n')
    .flatMap((line, i) => {
      const r = parseOpencodeLogLine(line, { file: 'opencode.log', offset: i });
      return r.ok ? r.events : [];
    });
}

/** The events of one kind. */
export const ofKind = (events: readonly AgentEvent[], k: EventKind) => events.filter((e) => e.kind === k);
