/**
 * Store migrations on `PRAGMA user_version`: a store written by the code before them (test/fixtures/store/v2-store.sqlite,
 * schema version 2 with the `meta.schema` marker; see PROVENANCE.md there) opens, migrates, and reads back what that
 * code read from it (v2-store.expected.json, written by the same code); new and migrated stores end with one schema.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { SqlJsStatic } from 'sql.js';
import { SqlDatabase } from '../../../../src/core/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, Migration, storedSchemaVersion } from '../../../../src/core/store/migrations';
import { CONTEXT_SAMPLES_COLUMN } from '../../../../src/core/store/repositories/events';
import { SCHEMA_VERSION, Store } from '../../../../src/core/store/store';
import { sqlJs, REPO_ROOT } from '../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/store');
const V2_STORE = path.join(FIXTURES, 'v2-store.sqlite');

/** The fixture's bytes (a fresh copy each time: sql.js works on its own copy, the file is never written). */
function v2Bytes(): Uint8Array {
  return new Uint8Array(fs.readFileSync(V2_STORE));
}

/** Plain JSON (drops undefined fields, as the expected file was written with JSON.stringify). */
function json<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Reads a raw database's tables, their columns (name, type, not null, default) and its index names. */
function schemaOf(sql: SqlJsStatic, bytes: Uint8Array): Record<string, unknown> {
  const db = new sql.Database(bytes);
  try {
    const names = db
      .exec("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")[0]
      .values.map((v) => `${v[0]} ${v[1]}`);
    const tables = names.filter((n) => n.startsWith('table ')).map((n) => n.slice(6));
    const columns = Object.fromEntries(
      tables.map((t) => [t, db.exec(`PRAGMA table_info(${t})`)[0].values.map((c) => `${c[1]} ${c[2]} ${c[3]} ${c[4]}`)]),
    );
    return { names, columns };
  } finally {
    db.close();
  }
}

/** Runs one query on raw bytes. */
function query(sql: SqlJsStatic, bytes: Uint8Array, q: string): unknown[][] {
  const db = new sql.Database(bytes);
  try {
    return db.exec(q)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

interface Expected {
  activeSessions: unknown[];
  perSession: Record<
    string,
    {
      session: unknown;
      findings: unknown[];
      healthCounters: unknown;
      eventCount: number;
      contextSamples: number[];
      lastToolCalls: unknown[];
      countErrors: number;
      recoveriesTaken: number;
    }
  >;
  audit: unknown[];
  messageResets: unknown[];
  silences: unknown[];
  sessionMarks: { priority: string[]; closed: [string, number][] };
  fileStates: { path: string }[];
}

describe('store migrations: a store written by schema version 2 (test/fixtures/store/v2-store.sqlite)', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'v2-store.expected.json'), 'utf8')) as Expected;

  it('is what the fixture says: version 2 by its meta marker, no user_version, the old snooze tables', async () => {
    const sql = await sqlJs();
    const bytes = v2Bytes();
    assert.deepStrictEqual(query(sql, bytes, 'PRAGMA user_version'), [[0]]);
    assert.deepStrictEqual(query(sql, bytes, "SELECT value FROM meta WHERE key = 'schema'"), [['2']]);
    assert.deepStrictEqual(query(sql, bytes, 'SELECT COUNT(*) FROM alert_silences'), [[3]]);
    assert.deepStrictEqual(query(sql, bytes, 'SELECT id, snoozed_until FROM findings WHERE snoozed_until > 0'), [[4, 1795439700000]]);
    const db = new SqlDatabase(new sql.Database(bytes));
    assert.strictEqual(storedSchemaVersion(db), 2);
    db.close();
  });

  it('opens, migrates to the latest version (user_version), and keeps the old marker as it was', async () => {
    const sql = await sqlJs();
    const store = Store.open(sql, v2Bytes());
    assert.strictEqual(store.dirty, false, 'opening is not a change');
    const bytes = store.export();
    assert.strictEqual(SCHEMA_VERSION, LATEST_SCHEMA_VERSION);
    assert.deepStrictEqual(query(sql, bytes, 'PRAGMA user_version'), [[SCHEMA_VERSION]]);
    assert.deepStrictEqual(query(sql, bytes, "SELECT value FROM meta WHERE key = 'schema'"), [['2']]);
    assert.deepStrictEqual(
      query(sql, bytes, "SELECT name FROM sqlite_master WHERE name = 'alert_silences'"),
      [],
      'alert_silences was taken over by snoozes',
    );
    assert.ok(
      !query(sql, bytes, 'PRAGMA table_info(findings)').some((c) => c[1] === 'snoozed_until'),
      'findings.snoozed_until was taken over by snoozes',
    );
    // One snooze table: the three silences with their ids, and the finding's snooze.
    assert.deepStrictEqual(query(sql, bytes, 'SELECT id, finding_id, failure_type, until_ms, until_change FROM snoozes ORDER BY id'), [
      [1, null, 'auth', 1795439700000, 0],
      [2, null, 'rate_limit', 0, 1],
      [3, null, '', 1795442400000, 0],
      [4, 4, 'auth', 1795439700000, 0],
    ]);
    store.close();
  });

  it('reads back the sessions, findings, audit rows, snoozes, marks and file states the old code read', async () => {
    const store = Store.open(await sqlJs(), v2Bytes());
    const sessions = store.activeSessions(0);
    assert.strictEqual(sessions.length, 7);
    assert.deepStrictEqual(json(sessions), expected.activeSessions);
    for (const s of sessions) {
      const e = expected.perSession[s.id];
      assert.ok(e, s.id);
      assert.deepStrictEqual(json(store.session(s.id)), e.session, `session ${s.id}`);
      assert.deepStrictEqual(json(store.findings(s.id)), e.findings, `findings of ${s.id}`);
      assert.deepStrictEqual(json(store.healthCounters(s.id)), e.healthCounters);
      assert.strictEqual(store.eventCount(s.id), e.eventCount);
      assert.deepStrictEqual(store.contextSamples(s.id, 10), e.contextSamples);
      assert.deepStrictEqual(store.lastToolCalls(s.id, false, 10), e.lastToolCalls);
      assert.strictEqual(store.countErrors(s.id, 0), e.countErrors);
      assert.strictEqual(store.recoveriesTaken(s.id), e.recoveriesTaken);
    }
    assert.deepStrictEqual(json(store.audit(100)), expected.audit);
    assert.strictEqual(store.audit(100).length, 4);
    assert.deepStrictEqual(store.messageResets(100), expected.messageResets);
    assert.deepStrictEqual(store.silences(), expected.silences);
    assert.strictEqual(store.silences().length, 3);
    const marks = store.sessionMarks();
    assert.deepStrictEqual({ priority: marks.priority, closed: [...marks.closed] }, expected.sessionMarks);
    assert.strictEqual(expected.fileStates.length, 6);
    assert.deepStrictEqual(
      expected.fileStates.map((f) => store.fileState(f.path)),
      expected.fileStates,
    );
    // The snoozed finding still reads as snoozed, and the stale session as never to be resumed.
    const snoozed = Object.values(expected.perSession)
      .flatMap((p) => p.findings as { id: number; snoozedUntil: number }[])
      .filter((f) => f.snoozedUntil > 0);
    assert.deepStrictEqual(
      snoozed.map((f) => [f.id, store.finding(f.id)!.snoozedUntil]),
      [[4, 1795439700000]],
    );
    assert.strictEqual(store.session('terminal-1')!.resumeBroken, true);
    store.close();
  });

  it('takes new data after the migration, and a second open is not a migration', async () => {
    const sql = await sqlJs();
    const store = Store.open(sql, v2Bytes());
    const id = store.insertAudit({
      timestamp: 1795439000000,
      sessionId: 'terminal-1',
      strategy: 'acknowledge',
      outcome: 'taken',
      actor: 'user',
      detail: '',
    });
    assert.strictEqual(id, 5);
    const silence = store.insertSilence({
      id: 0,
      sessionId: 'terminal-1',
      type: '',
      untilMs: 1,
      untilChange: false,
      messageCount: 0,
      createdAt: 1,
    });
    assert.strictEqual(silence.id, 5, 'ids continue after the migrated rows');
    store.snoozeFinding(5, 1795440000000);
    assert.strictEqual(store.finding(5)!.snoozedUntil, 1795440000000);
    const again = Store.open(sql, store.export());
    assert.strictEqual(again.dirty, false);
    assert.strictEqual(again.silences().length, 4);
    assert.strictEqual(again.finding(5)!.snoozedUntil, 1795440000000);
    assert.strictEqual(again.finding(4)!.snoozedUntil, 1795439700000);
    again.close();
    store.close();
  });
});

describe('store migrations: version 5, context samples by index', () => {
  it("reads a session's last context samples through events_context, and a store at the latest version migrates nothing", async () => {
    const sql = await sqlJs();
    const store = Store.open(sql);
    store.ensureSession('s', 'claude-code', '', 'p', 1);
    store.setContext('s', 10, 0, 'm');
    const bytes = store.export();
    store.close();
    const db = new SqlDatabase(new sql.Database(bytes));
    const plan = (q: string) =>
      db
        .all(`EXPLAIN QUERY PLAN ${q}`)
        .map((r) => String(r.detail))
        .join('; ');
    assert.match(
      plan(
        "SELECT context_tokens FROM events WHERE session_id = 's' AND context_tokens IS NOT NULL AND seq > 0 ORDER BY seq DESC LIMIT 10",
      ),
      /USING INDEX events_context/,
    );
    assert.match(plan(`SELECT ${CONTEXT_SAMPLES_COLUMN} FROM sessions s`), /USING INDEX events_context/);
    assert.deepStrictEqual(migrate(db), { from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    db.close();
  });
});

describe('store migrations: version 6, events by time', () => {
  it("the retention prune's delete of old events seeks events_by_ts instead of scanning the table, and deletes only those", async () => {
    const sql = await sqlJs();
    const store = Store.open(sql);
    store.ensureSession('s', 'claude-code', '', 'p', 1);
    for (const ts of [1_000, 2_000, 3_000]) {
      store.insertEvent({ sessionId: 's', agent: 'claude-code', timestamp: ts, kind: 'assistant', text: `at ${ts}` }, undefined);
    }
    const bytes = store.export();
    store.close();
    const db = new SqlDatabase(new sql.Database(bytes));
    const plan = db
      .all('EXPLAIN QUERY PLAN DELETE FROM events WHERE ts < 2500')
      .map((r) => String(r.detail))
      .join('; ');
    assert.match(plan, /USING (COVERING )?INDEX events_by_ts/);
    assert.doesNotMatch(plan, /^SCAN events$/);
    const reopened = Store.open(sql, db.export());
    db.close();
    reopened.prune('s', 100, 2_500);
    assert.strictEqual(reopened.eventCount('s'), 1);
    assert.strictEqual(reopened.countErrors('s', 0), 0);
    reopened.close();
  });
});

describe('store migrations: the ordered list', () => {
  it('numbers the steps 1, 2, 3, ... in order', () => {
    assert.deepStrictEqual(
      MIGRATIONS.map((m) => m.version),
      MIGRATIONS.map((_, i) => i + 1),
    );
    assert.strictEqual(LATEST_SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('a new store, a migrated version-2 store and a migrated version-1 store end with the same schema', async () => {
    const sql = await sqlJs();
    const fresh = Store.open(sql);
    const freshSchema = schemaOf(sql, fresh.export());
    const migrated = Store.open(sql, v2Bytes());
    assert.deepStrictEqual(schemaOf(sql, migrated.export()), freshSchema);
    // A version-1 store: the first migration alone, then the marker as version 1 wrote it.
    const v1 = new SqlDatabase(new sql.Database());
    migrate(v1, MIGRATIONS.slice(0, 1));
    v1.exec('PRAGMA user_version = 0');
    assert.strictEqual(storedSchemaVersion(v1), 1);
    const fromV1 = Store.open(sql, v1.export());
    assert.deepStrictEqual(schemaOf(sql, fromV1.export()), freshSchema);
    assert.strictEqual((freshSchema.names as string[]).includes('table snoozes'), true);
    for (const s of [fresh, migrated, fromV1]) {
      s.close();
    }
    v1.close();
  });

  it('reads the version: user_version first, then the meta marker, else 0', async () => {
    const sql = await sqlJs();
    const db = new SqlDatabase(new sql.Database());
    assert.strictEqual(storedSchemaVersion(db), 0, 'an empty file');
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema', '2')");
    assert.strictEqual(storedSchemaVersion(db), 2);
    db.exec("UPDATE meta SET value = 'x'");
    assert.strictEqual(storedSchemaVersion(db), 1, 'a meta table without a readable marker: version 1');
    db.userVersion = 7;
    assert.strictEqual(storedSchemaVersion(db), 7);
    db.close();
  });

  it('leaves a store of a newer version as it is', async () => {
    const sql = await sqlJs();
    const newer = Store.open(sql);
    newer.ensureSession('s1', 'claude-code', '', 'p', 1);
    const raw = new sql.Database(newer.export());
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}; CREATE TABLE later (x INTEGER)`);
    const opened = Store.open(sql, raw.export());
    raw.close();
    const bytes = opened.export();
    assert.deepStrictEqual(query(sql, bytes, 'PRAGMA user_version'), [[LATEST_SCHEMA_VERSION + 1]]);
    assert.strictEqual(opened.session('s1')!.agent, 'claude-code');
    opened.close();
    newer.close();
  });

  it('rolls a failing step back with its version, keeps the steps before it, and rethrows', async () => {
    const sql = await sqlJs();
    const db = new SqlDatabase(new sql.Database());
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER)');
          d.exec('INSERT INTO missing VALUES (1)');
        },
      },
    ];
    assert.throws(() => migrate(db, steps), /no such table: missing/);
    assert.strictEqual(db.userVersion, 1);
    assert.strictEqual(db.hasTable('a'), true);
    assert.strictEqual(db.hasTable('b'), false);
    assert.deepStrictEqual(migrate(db, steps.slice(0, 1)), { from: 1, to: 1 });
    db.close();
  });
});
