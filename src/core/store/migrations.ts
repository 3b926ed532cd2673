/**
 * The store's schema as an ordered list of migrations, numbered by `PRAGMA user_version`. Opening a store runs, in
 * order and each in its own transaction, the migrations whose number is above the version the file records, then
 * records the new version. An empty file starts at 0 and gets them all, so a new store and a migrated old one end
 * with the same tables.
 *
 * Stores written before `user_version` was used record their version in the table `meta` (key `schema`, value '1' or
 * '2', with `user_version` still 0). {@link storedSchemaVersion} reads that marker, so those files migrate from where
 * they are. The marker is kept as those versions wrote it (it stays '2'); `user_version` is the version from 3 on.
 *
 * Every migration is written to be safe on a file that already has part of its work (CREATE ... IF NOT EXISTS,
 * columns added only when missing, tables copied only when they exist): version 2 files may or may not hold the
 * tables that version created on first use.
 */
import type { SqlDatabase } from './database';

/** One step of the schema. */
export interface Migration {
  /** The version the file is at after this step (1, 2, 3, ...; consecutive). */
  version: number;
  /** What the step does, in a few words (for logs and test names). */
  name: string;
  /** Applies the step. Runs inside a transaction; throwing rolls the step back (and {@link migrate} rethrows). */
  up(db: SqlDatabase): void;
}

/** Version 1: sessions, events, findings, the audit log and the tailers' file offsets. */
const V1_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, agent TEXT NOT NULL, project TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
  first_prompt TEXT NOT NULL DEFAULT '', cwd TEXT NOT NULL DEFAULT '', file TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL DEFAULT 0, last_activity INTEGER NOT NULL DEFAULT 0, message_count INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, model TEXT NOT NULL DEFAULT '',
  skipped_lines INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', last_error_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL,
  text TEXT NOT NULL, tool_name TEXT, tool_hash TEXT, http_status INTEGER, failure_type TEXT, sidechain INTEGER NOT NULL DEFAULT 0,
  file TEXT, offset INTEGER
);
CREATE INDEX IF NOT EXISTS events_by_session ON events (session_id, seq);
CREATE INDEX IF NOT EXISTS events_by_failure ON events (session_id, failure_type, ts);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, type TEXT NOT NULL, severity TEXT NOT NULL,
  strategy TEXT NOT NULL, count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  last_text TEXT NOT NULL, file TEXT, offset INTEGER, status TEXT NOT NULL DEFAULT 'open',
  snoozed_until INTEGER NOT NULL DEFAULT 0, escalation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS findings_by_session ON findings (session_id, status);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, session_id TEXT NOT NULL, finding_id INTEGER,
  failure_type TEXT, strategy TEXT NOT NULL, outcome TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_by_session ON audit (session_id, ts);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, session_id TEXT NOT NULL, offset INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL
);
`;

/** Version 2, session health: message-count resets (idle, daily, message_limit) and failed resumes per session id. */
const V2_TABLES = `
CREATE TABLE IF NOT EXISTS message_resets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, ts INTEGER NOT NULL, reason TEXT NOT NULL, count_before INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS message_resets_by_session ON message_resets (session_id, ts);
CREATE TABLE IF NOT EXISTS resume_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT, resumed_id TEXT NOT NULL, session_id TEXT NOT NULL, ts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS resume_failures_by_id ON resume_failures (resumed_id);
`;

/**
 * Version 2, columns added to version-1 tables (table, column, declaration); the meaning of each is documented on
 * `SessionHealthColumns` (src/core/store/repositories/sessions.ts), but `sessions.context_since_seq`: the event sequence
 * after which context samples count (the last compaction). `events.context_tokens` is the context size of a main-thread
 * response (tokens), NULL for other events.
 */
const V2_COLUMNS: readonly (readonly [table: string, column: string, declaration: string])[] = [
  ['sessions', 'messages_since_reset', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'last_reset_reason', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'last_reset_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'last_message_id', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'turn_kind', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'turn_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_window', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_model', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'context_since_seq', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'resume_broken', 'INTEGER NOT NULL DEFAULT 0'],
  ['events', 'context_tokens', 'INTEGER'],
];

/**
 * Version 3: the session marks of concurrency (version 2 created that table on first use), and one table of snoozes.
 * A snooze is scoped to one finding (`finding_id`: the finding's notifications, shown in the tree) or to a session's
 * failure type (`finding_id` NULL; `failure_type` '' for every type: what the alerting calls a silence). It ends at
 * `until_ms` (epoch ms), or, with `until_change` 1, when the session's message count grows past `message_count`.
 * `created_at` is the epoch ms it was set, 0 when not recorded. It replaces `findings.snoozed_until` and the table
 * `alert_silences` (created on first use in version 2), whose rows it takes over (silences keep their ids).
 */
const V3_TABLES = `
CREATE TABLE IF NOT EXISTS session_marks (
  session_id TEXT PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 0, closed_at INTEGER
);
CREATE TABLE IF NOT EXISTS snoozes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, failure_type TEXT NOT NULL DEFAULT '', finding_id INTEGER,
  until_ms INTEGER NOT NULL DEFAULT 0, until_change INTEGER NOT NULL DEFAULT 0, message_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS snoozes_by_finding ON snoozes (finding_id);
`;

/**
 * Version 4, many writers (docs/store.md): what merging two copies of one store needs. `snoozes.lifted` (1: the silence
 * no longer holds; a lifted silence is kept, not deleted, so a merge cannot bring it back), `session_marks.priority_at` and
 * `session_marks.closed_changed_at` (epoch ms of the last change of each mark, 0 when not recorded: the newest change wins
 * a merge), and the indexes the merge looks rows up by.
 */
const V4_COLUMNS: readonly (readonly [table: string, column: string, declaration: string])[] = [
  ['snoozes', 'lifted', 'INTEGER NOT NULL DEFAULT 0'],
  ['session_marks', 'priority_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['session_marks', 'closed_changed_at', 'INTEGER NOT NULL DEFAULT 0'],
];
const V4_INDEXES = `
CREATE INDEX IF NOT EXISTS events_by_time ON events (session_id, ts);
CREATE INDEX IF NOT EXISTS findings_by_key ON findings (session_id, type, first_seen);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (ts);
CREATE INDEX IF NOT EXISTS message_resets_by_time ON message_resets (ts);
CREATE INDEX IF NOT EXISTS resume_failures_by_session ON resume_failures (session_id, ts);
`;

/**
 * Version 5, the first snapshot's reads: `events_context` holds only the events with a context size (main-thread
 * responses with usage; NULL elsewhere), so a session's last context samples (the snapshot's turns-left estimate, the
 * context-pressure check) are an index seek instead of a walk back through all of its events.
 */
const V5_INDEXES = `
CREATE INDEX IF NOT EXISTS events_context ON events (session_id, seq) WHERE context_tokens IS NOT NULL;
`;

/**
 * Version 6, retention without a walk through every event: the engine's prune deletes the events older than the
 * retention horizon (`DELETE FROM events WHERE ts < ?`) every 250 events of a session, which without an index on `ts`
 * reads the whole table each time (measured in a 1 GB catch-up: 30-250 ms a call on the host's thread at 200,000-320,000
 * events); with `events_by_ts` it visits only the rows it deletes.
 */
const V6_INDEXES = `
CREATE INDEX IF NOT EXISTS events_by_ts ON events (ts);
`;

/**
 * Version 7, fewer index entries per event: every event written updated five indexes of `events`. Each query reading
 * `events` (src/core/store/) needs only these:
 * - `events_by_session` (session_id, seq): a session's newest events (the loop check's last tool calls, the per-session
 *   cap, the context epoch's last sequence number, the event count), and the rows of a session deleted with it;
 * - `events_by_ts` (ts): the retention prune (`ts < ?`) and, with the session, the merge's look-up of an event the target
 *   already holds (`ts = ? AND session_id = ?`: few events share a millisecond);
 * - `events_context` (schema version 5): the context samples;
 * - `events_failures` (session_id, failure_type, ts) over the events with a failure type only: the repeat-escalation
 *   count (`failure_type = ?` implies `IS NOT NULL`, so SQLite uses the partial index). It replaces `events_by_failure`,
 *   which also held an entry for every event without one (nearly all of them).
 * `events_by_time` (session_id, ts; version 4, for the merge) is dropped: the merge's look-ups use `events_by_ts`, its
 * context-epoch carry-over and the hang watchdog's error count walk one session's events through `events_by_session`
 * (at most `store.maxEventsPerSession` of them).
 */
const V7_INDEXES = `
DROP INDEX IF EXISTS events_by_time;
DROP INDEX IF EXISTS events_by_failure;
CREATE INDEX IF NOT EXISTS events_failures ON events (session_id, failure_type, ts) WHERE failure_type IS NOT NULL;
`;

/** Adds each column that `table` does not have yet. */
function addColumns(db: SqlDatabase, columns: readonly (readonly [table: string, column: string, declaration: string])[]): void {
  for (const [table, column, declaration] of columns) {
    if (!db.columns(table).includes(column)) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${declaration}`);
    }
  }
}

/** Sets the pre-`user_version` marker in `meta` (only versions 1 and 2 write it). Schema work: not a change of the data. */
function setLegacyMarker(db: SqlDatabase, version: 1 | 2): void {
  db.exec(`INSERT INTO meta (key, value) VALUES ('schema', '${version}') ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
}

/** The migrations, oldest first. Append only: a released step is never edited, a change is a new step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, events, findings, audit, files',
    up(db) {
      db.exec(V1_SCHEMA);
      setLegacyMarker(db, 1);
    },
  },
  {
    version: 2,
    name: 'session health: message resets, resume failures, health columns',
    up(db) {
      db.exec(V2_TABLES);
      addColumns(db, V2_COLUMNS);
      setLegacyMarker(db, 2);
    },
  },
  {
    version: 3,
    name: 'session marks, and one snooze model (snoozes replaces alert_silences and findings.snoozed_until)',
    up(db) {
      db.exec(V3_TABLES);
      if (db.hasTable('alert_silences')) {
        db.exec(`INSERT INTO snoozes (id, session_id, failure_type, finding_id, until_ms, until_change, message_count, created_at)
                 SELECT id, session_id, failure_type, NULL, until_ms, until_change, message_count, created_at FROM alert_silences ORDER BY id;
                 DROP TABLE alert_silences;`);
      }
      if (db.columns('findings').includes('snoozed_until')) {
        db.exec(`INSERT INTO snoozes (session_id, failure_type, finding_id, until_ms)
                 SELECT session_id, type, id, snoozed_until FROM findings WHERE snoozed_until > 0 ORDER BY id;
                 ALTER TABLE findings DROP COLUMN snoozed_until;`);
      }
    },
  },
  {
    version: 4,
    name: 'many writers: lifted snoozes kept, when each session mark changed, merge lookup indexes',
    up(db) {
      addColumns(db, V4_COLUMNS);
      db.exec(V4_INDEXES);
    },
  },
  {
    version: 5,
    name: 'the context samples of a session by index',
    up(db) {
      db.exec(V5_INDEXES);
    },
  },
  {
    version: 6,
    name: 'events by time, for the retention prune',
    up(db) {
      db.exec(V6_INDEXES);
    },
  },
  {
    version: 7,
    name: 'events: the indexes no query needs dropped, the failure index only over failures',
    up(db) {
      db.exec(V7_INDEXES);
    },
  },
];

/** The schema version of this code: the number of the last migration. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * The schema version of an open database: `PRAGMA user_version` when set; else the `meta.schema` marker of a store
 * written before `user_version` was used (1 when `meta` exists without a readable marker; those versions wrote only '1'
 * and '2', so a larger marker reads as 2); else 0 (an empty file, or one with no table of ours, which every migration
 * then builds on).
 */
export function storedSchemaVersion(db: SqlDatabase): number {
  const version = db.userVersion;
  if (version > 0) {
    return version;
  }
  if (!db.hasTable('meta')) {
    return 0;
  }
  const marker = Number(db.get("SELECT value FROM meta WHERE key = 'schema'")?.value);
  return Number.isInteger(marker) && marker >= 1 ? Math.min(marker, 2) : 1;
}

/**
 * Brings `db` to {@link LATEST_SCHEMA_VERSION}: runs each migration above its stored version, in order, each in its own
 * transaction together with the `user_version` it reaches. A file from a newer version of Session Doctor (a version
 * above ours) is left as it is. Returns the versions before and after.
 * @throws the SQLite error of a failing step (that step is rolled back; earlier steps stay applied).
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = storedSchemaVersion(db);
  let to = from;
  for (const m of migrations) {
    if (m.version <= to) {
      continue;
    }
    db.transaction(() => {
      m.up(db);
      db.userVersion = m.version;
    });
    to = m.version;
  }
  return { from, to };
}
