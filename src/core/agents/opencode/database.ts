/**
 * Reading opencode's SQLite database with sql.js: the database file and its WAL as one image ({@link applyWal}), then the
 * rows Session Doctor reads: the `event` table (opencode's append-only log of durable events, in insertion order) and
 * the `session` table (id, parent, folder, title). Read-only: the image is a copy in memory, the files are never
 * opened for writing. Pure module: the sql.js module and the bytes are passed in.
 *
 * Schema (opencode 1.18.33, its migrations in the binary: `20260127222353_familiar_lady_ursula` creates `project`,
 * `message`, `part`, `session`, ...; `20260323234822_events` creates `event_sequence` and `event`):
 * `event(id text primary key, aggregate_id text (the session id), seq integer (per aggregate), type text, data text
 * (JSON))`; `session(id, project_id, parent_id, slug, directory, title, version, ..., time_created, time_updated, ...)`.
 */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { SQLITE_HEADER, WalResult, applyWal, isSqlite } from './wal';

/** One row of opencode's `event` table. */
export interface OpencodeEventRow {
  /** SQLite rowid: the insertion order. */
  rowid: number;
  /** The session the event belongs to (`aggregate_id`). */
  sessionId: string;
  /** The event type with its version, e.g. `message.part.updated.1`. */
  type: string;
  /** The event's JSON text. */
  data: string;
}

/** One row of opencode's `session` table. */
export interface OpencodeSessionRow {
  id: string;
  parentId?: string;
  directory?: string;
  title?: string;
}

/** What one read of the database gives. */
export interface OpencodeDatabase {
  events: OpencodeEventRow[];
  sessions: OpencodeSessionRow[];
  /** What applying the WAL did. */
  wal: Omit<WalResult, 'bytes'>;
}

/** The tables that make a SQLite database opencode's (the `event` table is what is read; `session` names the sessions). */
export const OPENCODE_TABLES = ['event', 'event_sequence', 'session', 'message', 'part'] as const;

/**
 * Reads opencode's database from the bytes of `opencode.db` and of `opencode.db-wal` (undefined when there is none).
 * `{ ok: false, error }` when the bytes are not a SQLite database, sql.js cannot open the image (a file being written
 * may be caught half-way: the next change is read again), or the tables are not opencode's. Never throws.
 */
export function readOpencodeDatabase(
  sql: SqlJsStatic,
  db: Uint8Array,
  wal: Uint8Array | undefined,
): { ok: true; value: OpencodeDatabase } | { ok: false; error: string } {
  if (db.length > 0 && !isSqlite(db)) {
    return { ok: false, error: `not a SQLite database (no "${SQLITE_HEADER.slice(0, 15)}" header)` };
  }
  const applied = applyWal(db, wal);
  if (applied.bytes.length === 0) {
    return { ok: false, error: 'empty database and no committed WAL frame' };
  }
  let handle: Database | undefined;
  try {
    handle = new sql.Database(applied.bytes);
    const tables = new Set(column(handle, "SELECT name FROM sqlite_master WHERE type = 'table'").map(String));
    const missing = OPENCODE_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) {
      return { ok: false, error: `not an opencode database (no table ${missing.map((t) => `"${t}"`).join(', ')})` };
    }
    const events: OpencodeEventRow[] = [];
    for (const [rowid, sessionId, type, data] of rows(handle, 'SELECT rowid, aggregate_id, type, data FROM event ORDER BY rowid')) {
      events.push({ rowid: Number(rowid), sessionId: String(sessionId), type: String(type), data: String(data) });
    }
    const sessions: OpencodeSessionRow[] = rows(handle, 'SELECT id, parent_id, directory, title FROM session').map(
      ([id, parent, directory, title]) => ({
        id: String(id),
        ...(typeof parent === 'string' && parent ? { parentId: parent } : {}),
        ...(typeof directory === 'string' && directory ? { directory } : {}),
        ...(typeof title === 'string' && title ? { title } : {}),
      }),
    );
    const walInfo = { frames: applied.frames, uncommitted: applied.uncommitted, ...(applied.ignored ? { ignored: applied.ignored } : {}) };
    return { ok: true, value: { events, sessions, wal: walInfo } };
  } catch (err) {
    const where = applied.frames > 0 ? ` (database with ${applied.frames} WAL frame(s) applied)` : '';
    return { ok: false, error: `sql.js could not read the database${where}: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    handle?.close();
  }
}

function rows(db: Database, query: string): SqlValue[][] {
  return db.exec(query)[0]?.values ?? [];
}

function column(db: Database, query: string): SqlValue[] {
  return rows(db, query).map((r) => r[0]);
}
