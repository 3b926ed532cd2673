/**
 * Store migration version 7: the indexes of `events` no query needs are dropped (`events_by_time`) and the failure index
 * holds only events with a failure type (`events_failures` replaces `events_by_failure`). A version-6 store upgrades
 * with its rows unchanged, every query that reads `events` still seeks an index (none scans the table), and the
 * repositories answer as before.
 */
import * as assert from 'assert';
import type { SqlJsStatic } from 'sql.js';
import { SqlDatabase } from '../../../../src/core/store/database';
import { MIGRATIONS, migrate } from '../../../../src/core/store/migrations';
import { Store } from '../../../../src/core/store/store';
import type { AgentEvent } from '../../../../src/core/model/event';
import type { FailureType } from '../../../../src/core/model/failures';
import { sqlJs } from '../../helpers';

/** Events of two sessions: tool calls, errors with and without a failure type, responses with a context size. */
function rows(): { e: AgentEvent; type?: FailureType; context?: number }[] {
  const out: { e: AgentEvent; type?: FailureType; context?: number }[] = [];
  for (const s of ['a', 'b']) {
    for (let i = 0; i < 30; i++) {
      const ts = 1_000 * (i + 1);
      const base = { sessionId: s, agent: 'claude-code' as const, timestamp: ts };
      out.push({ e: { ...base, kind: 'tool_call', text: 'ls', toolName: 'Bash', toolInputHash: `h${i % 3}`, sidechain: i % 5 === 0 } });
      out.push(
        i % 4 === 0
          ? { e: { ...base, kind: 'error', text: `API Error: 429 #${i}`, httpStatus: 429 }, type: 'rate_limit' }
          : { e: { ...base, kind: 'error', text: `odd #${i}` } },
      );
      out.push({ e: { ...base, kind: 'assistant', text: `ok ${i}` }, context: 1_000 + i });
    }
  }
  return out;
}

/** A version-6 store (the migrations up to 6 on an empty database) holding {@link rows}. */
function version6(sql: SqlJsStatic): SqlDatabase {
  const db = new SqlDatabase(new sql.Database());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 6),
  );
  for (const s of ['a', 'b']) {
    db.run('INSERT INTO sessions (id, agent, context_tokens) VALUES (?, ?, 5)', [s, 'claude-code']);
  }
  for (const { e, type, context } of rows()) {
    db.run(
      'INSERT INTO events (session_id, ts, kind, text, tool_name, tool_hash, failure_type, sidechain, context_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        e.sessionId,
        e.timestamp,
        e.kind,
        e.text,
        e.toolName ?? null,
        e.toolInputHash ?? null,
        type ?? null,
        e.sidechain ? 1 : 0,
        context ?? null,
      ],
    );
  }
  return db;
}

const indexesOf = (db: SqlDatabase) =>
  db
    .all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name")
    .map((r) => r.name);
const plan = (db: SqlDatabase, q: string) =>
  db
    .all(`EXPLAIN QUERY PLAN ${q}`)
    .map((r) => String(r.detail))
    .join('; ');

describe('store migrations: version 7, the indexes of events', () => {
  it('upgrades a version-6 store: events_by_time and events_by_failure dropped, events_failures added, every row kept', async () => {
    const sql = await sqlJs();
    const db = version6(sql);
    assert.deepStrictEqual(indexesOf(db), ['events_by_failure', 'events_by_session', 'events_by_time', 'events_by_ts', 'events_context']);
    const before = db.all('SELECT * FROM events ORDER BY seq');
    assert.deepStrictEqual(migrate(db), { from: 6, to: 7 });
    assert.deepStrictEqual(indexesOf(db), ['events_by_session', 'events_by_ts', 'events_context', 'events_failures']);
    assert.deepStrictEqual(db.all('SELECT * FROM events ORDER BY seq'), before);
    assert.strictEqual(db.all('SELECT seq FROM events INDEXED BY events_failures WHERE failure_type IS NOT NULL').length, 16);
    db.close();
  });

  it('every query reading events seeks an index: the failure count the partial index, the merge look-up events_by_ts', async () => {
    const sql = await sqlJs();
    const db = version6(sql);
    migrate(db);
    const queries: [string, RegExp][] = [
      [
        "SELECT COUNT(*) FROM events WHERE session_id = 'a' AND failure_type = 'rate_limit' AND ts >= 1 AND ts <= 9",
        /INDEX events_failures/,
      ],
      ["SELECT COUNT(*) FROM events WHERE session_id = 'a' AND kind = 'error' AND ts >= 1", /INDEX events_by_session/],
      [
        "SELECT tool_name FROM events WHERE session_id = 'a' AND kind = 'tool_call' AND sidechain = 0 ORDER BY seq DESC LIMIT 3",
        /INDEX events_by_session/,
      ],
      ["SELECT COUNT(*) FROM events WHERE session_id = 'a'", /INDEX events_by_session/],
      [
        "DELETE FROM events WHERE session_id = 'a' AND seq <= (SELECT seq FROM events WHERE session_id = 'a' ORDER BY seq DESC LIMIT 1 OFFSET 5)",
        /INDEX events_by_session/,
      ],
      ['DELETE FROM events WHERE ts < 5', /INDEX events_by_ts/],
      ["SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = 'a'", /INDEX events_by_session/],
      [
        "SELECT 1 FROM events m WHERE m.session_id = 'a' AND m.ts = 3000 AND m.kind = 'error' AND m.file IS NULL AND m.text = 'x'",
        /INDEX events_by_ts/,
      ],
      [
        "SELECT context_tokens FROM events WHERE session_id = 'a' AND context_tokens IS NOT NULL AND seq > 0 ORDER BY seq DESC LIMIT 10",
        /INDEX events_context/,
      ],
    ];
    for (const [q, index] of queries) {
      const p = plan(db, q);
      assert.match(p, index, q);
      assert.doesNotMatch(p, /SCAN events\b(?! USING)/, q);
    }
    db.close();
  });

  it('the store answers as it did at version 6: failure and error counts, last tool calls, context samples, prune', async () => {
    const sql = await sqlJs();
    const answers = (store: Store) => ({
      failures: store.countFailures('a', 'rate_limit', 5_000, 21_000),
      errors: store.countErrors('b', 10_000),
      calls: store.lastToolCalls('a', true, 3),
      count: store.eventCount('a'),
      context: store.contextSamples('b', 4),
    });
    const v6 = version6(sql);
    const bytes = v6.export();
    v6.close();
    const store = Store.open(sql, bytes);
    assert.deepStrictEqual(answers(store), {
      failures: 5,
      errors: 21,
      calls: [
        { toolName: 'Bash', toolHash: 'h1' },
        { toolName: 'Bash', toolHash: 'h2' },
        { toolName: 'Bash', toolHash: 'h0' },
      ],
      count: 90,
      context: [1026, 1027, 1028, 1029],
    });
    store.prune('a', 10, 25_000);
    assert.strictEqual(store.eventCount('a'), 10);
    assert.strictEqual(store.eventCount('b'), 18);
    store.close();
  });
});
