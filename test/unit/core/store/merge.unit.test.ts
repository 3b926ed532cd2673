/**
 * Merging two copies of the store (src/core/store/merge.ts), table by table, on real transcripts
 * (test/fixtures/claude, see PROVENANCE.md there) and on hand-made rows: two stores that each followed, acknowledged,
 * snoozed or recorded different things hold all of it after a merge, nothing counted twice, finding ids translated;
 * a store written by the previous version (test/fixtures/store/v3-store.sqlite) merges with one written by this one.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../../../src/core/engine/engine';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { mergeStore } from '../../../../src/core/store/merge';
import { Store } from '../../../../src/core/store/store';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine, sqlJs, REPO_ROOT } from '../../helpers';

const CLAUDE = path.join(REPO_ROOT, 'test/fixtures/claude');
const T0 = Date.UTC(2026, 10, 23, 13, 0, 0);

/** An engine on a fresh store that has read these Claude Code fixtures (a catch-up read), its clock at T0. */
async function following(...names: string[]): Promise<{ engine: Engine; store: Store; clock: FakeClock }> {
  const made = await newEngine({}, new FakeClock(T0));
  const tailer = new Tailer(nodeFileAccess, made.engine, { chunkBytes: 4096 });
  for (const n of names) {
    await tailer.read(path.join(CLAUDE, `${n}.jsonl`), claudeFormat, n, false);
  }
  return made;
}

/** Rows of a table as sorted JSON lines, without the columns that are ids of this store. */
function rows(store: Store, sql: string): string[] {
  return store.database
    .all(sql)
    .map((r) => JSON.stringify(r))
    .sort();
}

/** What a store holds, ids aside: findings by (session, type, first seen); audit rows and snoozes name their finding by that key. */
function content(store: Store): Record<string, string[]> {
  const key = "(SELECT f.session_id || '/' || f.type || '/' || f.first_seen FROM findings f WHERE f.id = x.finding_id)";
  return {
    sessions: rows(store, 'SELECT * FROM sessions').map((r) => r.replace(/"context_since_seq":\d+,?/, '')),
    events: rows(store, 'SELECT session_id, ts, kind, text, tool_hash, file, offset FROM events'),
    findings: rows(store, 'SELECT session_id, type, severity, strategy, count, first_seen, last_seen, status, escalation FROM findings'),
    audit: rows(store, `SELECT ts, session_id, strategy, outcome, actor, detail, ${key} AS finding FROM audit x`),
    snoozes: rows(
      store,
      `SELECT session_id, failure_type, until_ms, until_change, message_count, created_at, lifted, ${key} AS finding FROM snoozes x`,
    ),
    marks: rows(store, 'SELECT * FROM session_marks'),
    resets: rows(store, 'SELECT session_id, ts, reason, count_before FROM message_resets'),
    failures: rows(store, 'SELECT resumed_id, session_id, ts FROM resume_failures'),
    files: rows(store, 'SELECT * FROM files'),
  };
}

/** A copy of a store (through its bytes, as another process's file would be read). */
async function copyOf(store: Store): Promise<Store> {
  return Store.open(await sqlJs(), store.export());
}

describe('store merge (src/core/store/merge.ts)', () => {
  it('two stores that each followed a different failing session: the merge holds both, with their findings and audit rows', async () => {
    const a = await following('auth_401');
    const b = await following('rate_limit_forever');
    const fa = a.store.findings(a.store.activeSessions(0)[0].id)[0];
    a.engine.acknowledge(fa.id, 'user');
    const sb = b.store.activeSessions(0)[0];
    const fb = b.store.findings(sb.id)[0];
    b.clock.advance(1000);
    b.engine.recordRecovery({
      sessionId: sb.id,
      findingId: fb.id,
      failureType: fb.type,
      strategy: fb.strategy,
      outcome: 'taken',
      actor: 'user',
      detail: 'waited',
    });
    const before = { a: content(a.store), b: content(b.store) };

    const r = mergeStore(a.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.ok(r.changes > 0);
    const merged = content(a.store);
    for (const table of Object.keys(merged)) {
      assert.deepStrictEqual(merged[table], [...before.a[table], ...before.b[table]].sort(), table);
    }
    assert.strictEqual(a.store.activeSessions(0).length, 2);
    assert.strictEqual(a.store.finding(fa.id)!.status, 'acknowledged', 'this store keeps its own ids');
    assert.strictEqual(a.store.audit(10, sb.id)[0].detail, 'waited');
    assert.strictEqual(
      a.store.audit(10, sb.id)[0].findingId,
      a.store.findings(sb.id)[0].id,
      'the audit row names the finding by its new id',
    );

    assert.strictEqual(mergeStore(a.store, await copyOf(b.store), { sinceSeq: 0 }).changes, 0, 'merging again changes nothing');
    mergeStore(b.store, await copyOf(a.store), { sinceSeq: 0 });
    assert.deepStrictEqual(content(b.store), merged, 'either way round, the same rows');
  });

  it('finding ids that collide are translated: snoozes and audit rows follow their finding, not the number', async () => {
    const a = await following('auth_401');
    const b = await following('tool_loop');
    const fa = a.store.findings(a.store.activeSessions(0)[0].id)[0];
    const sb = b.store.activeSessions(0)[0];
    const fb = b.store.findings(sb.id)[0];
    assert.strictEqual(fa.id, fb.id, 'both stores numbered their first finding alike');
    b.engine.snooze(fb.id, T0 + 900_000);
    mergeStore(a.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.strictEqual(a.store.finding(fa.id)!.snoozedUntil, 0, "this store's finding is not snoozed by the other's");
    const imported = a.store.findings(sb.id)[0];
    assert.notStrictEqual(imported.id, fa.id);
    assert.strictEqual(imported.type, fb.type);
    assert.strictEqual(imported.snoozedUntil, T0 + 900_000);
    assert.deepStrictEqual(
      a.store.audit(10, sb.id).map((x) => [x.strategy, x.findingId]),
      [['snooze', imported.id]],
    );
  });

  it('the same session followed by both: nothing counted twice; one acknowledged, the other snoozed, both hold', async () => {
    const a = await following('tool_loop');
    const b = await following('tool_loop');
    const id = a.store.activeSessions(0)[0].id;
    const [fa] = a.store.findings(id);
    const [fb] = b.store.findings(id);
    a.engine.acknowledge(fa.id, 'user');
    b.engine.snooze(fb.id, T0 + 60_000);
    const events = a.store.eventCount(id);
    const session = a.store.session(id);
    mergeStore(a.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.strictEqual(a.store.eventCount(id), events);
    assert.strictEqual(a.store.findings(id).length, 1);
    assert.deepStrictEqual(a.store.session(id), session, 'counters are the larger of two equal ones, not their sum');
    const f = a.store.findings(id)[0];
    assert.deepStrictEqual([f.id, f.status, f.count, f.snoozedUntil], [fa.id, 'acknowledged', fa.count, T0 + 60_000]);
    assert.strictEqual(a.store.audit(10, id).length, 2, 'the acknowledgement and the snooze');
  });

  it('finding status: resolved wins, an acknowledgement holds at its severity, a rise of severity elsewhere opens it again', async () => {
    const sql = await sqlJs();
    const make = (severity: 'HIGH' | 'CRITICAL', status: 'open' | 'acknowledged' | 'resolved', lastSeen: number) => {
      const s = Store.open(sql);
      s.ensureSession('s', 'claude-code', '', 'p', 1);
      const f = s.insertFinding({ sessionId: 's', type: 'rate_limit', severity, strategy: 'backoff', ts: 10, text: 't', escalation: '' });
      s.updateFinding(f.id, { ts: lastSeen, text: `seen ${lastSeen}`, severity, strategy: 'backoff', escalation: '', reopen: false });
      s.setFindingStatus(f.id, status);
      return s;
    };
    const cases: [Parameters<typeof make>, Parameters<typeof make>, string, string][] = [
      [['HIGH', 'acknowledged', 20], ['HIGH', 'open', 30], 'acknowledged', 'HIGH'],
      [['HIGH', 'acknowledged', 20], ['CRITICAL', 'open', 30], 'open', 'CRITICAL'],
      [['CRITICAL', 'acknowledged', 20], ['HIGH', 'open', 30], 'acknowledged', 'CRITICAL'],
      [['HIGH', 'resolved', 20], ['CRITICAL', 'open', 30], 'resolved', 'CRITICAL'],
      [['HIGH', 'open', 20], ['HIGH', 'resolved', 15], 'resolved', 'HIGH'],
    ];
    for (const [x, y, status, severity] of cases) {
      for (const [target, source] of [
        [make(...x), make(...y)],
        [make(...y), make(...x)],
      ]) {
        mergeStore(target, source, { sinceSeq: 0 });
        const found = target.findings('s');
        assert.strictEqual(found.length, 1);
        const last = Math.max(x[2], y[2]);
        assert.deepStrictEqual(
          [found[0].status, found[0].severity, found[0].lastSeen, found[0].lastText],
          [status, severity, last, `seen ${last}`],
          JSON.stringify([x, y]),
        );
      }
    }
  });

  it('silences lifted on one side stay lifted; session marks take the latest change; resets and resume failures are unions', async () => {
    const sql = await sqlJs();
    let now = 1000;
    const a = Store.open(sql, undefined, () => now);
    const b = Store.open(sql, a.export(), () => now);
    const silence = { id: 0, sessionId: 's', type: '', untilMs: 5000, untilChange: false, messageCount: 0, createdAt: 900 };
    const sa = a.insertSilence(silence);
    b.insertSilence(silence);
    b.insertSilence({ ...silence, type: 'auth', createdAt: 950 });
    a.deleteSilence(sa.id);
    a.setPriorityMark('s', true);
    now = 2000;
    b.setPriorityMark('s', false);
    b.setClosedMark('t', 1500);
    a.resetMessages('s', 'daily', 1200);
    b.addResumeFailure('old', 's', 1300);
    mergeStore(a, b, { sinceSeq: 0 });
    assert.deepStrictEqual(
      a.silences().map((s) => [s.type, s.createdAt]),
      [['auth', 950]],
      'the lifted silence is not brought back',
    );
    assert.deepStrictEqual(a.sessionMarks(), { priority: [], closed: new Map([['t', 1500]]) }, 'the later unmarking wins');
    assert.deepStrictEqual(
      a.messageResets(10).map((r) => r.timestamp),
      [1200],
    );
    assert.strictEqual(a.database.number("SELECT COUNT(*) AS n FROM resume_failures WHERE resumed_id = 'old'"), 1);
    mergeStore(b, a, { sinceSeq: 0 });
    assert.deepStrictEqual(content(b), content(a));
  });

  it('tailer file states: a path this store read keeps its own progress; paths it never read come in', async () => {
    const sql = await sqlJs();
    const a = Store.open(sql);
    const b = Store.open(sql);
    a.setFileState({ path: '/x.jsonl', sessionId: 'x', offset: 10, size: 10, mtime: 1 });
    b.setFileState({ path: '/x.jsonl', sessionId: 'x', offset: 99, size: 99, mtime: 2 });
    b.setFileState({ path: '/y.jsonl', sessionId: 'y', offset: 5, size: 5, mtime: 3 });
    mergeStore(a, b, { sinceSeq: 0 });
    assert.strictEqual(a.fileState('/x.jsonl')!.offset, 10);
    assert.strictEqual(a.fileState('/y.jsonl')!.offset, 5);
  });

  it('looks only at the events after sinceSeq, and applies the retention of the last prune to what comes in', async () => {
    const b = await following('tool_loop');
    const id = b.store.activeSessions(0)[0].id;
    const total = b.store.eventCount(id);
    const a = await newEngine({}, new FakeClock(T0));
    mergeStore(a.store, await copyOf(b.store), { sinceSeq: 5 });
    assert.strictEqual(a.store.eventCount(id), total - 5);
    mergeStore(a.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.strictEqual(a.store.eventCount(id), total, 'the first five, then nothing twice');

    const c = await newEngine({}, new FakeClock(T0));
    c.store.prune('none', 3, 0);
    mergeStore(c.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.strictEqual(c.store.eventCount(id), 3, 'at most maxPerSession events of a session');
    const d = await newEngine({}, new FakeClock(T0));
    d.store.prune('none', 1000, b.store.database.number('SELECT MAX(ts) AS n FROM events') + 1);
    mergeStore(d.store, await copyOf(b.store), { sinceSeq: 0 });
    assert.strictEqual(d.store.eventCount(id), 0, 'nothing older than the cutoff');
  });

  it('a store written by the previous version (schema 3) and one written by this version merge either way round', async () => {
    const sql = await sqlJs();
    const v3 = () => Store.open(sql, new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/store/v3-store.sqlite'))));
    const fresh = await following('prompt_too_long');
    const old = v3();
    const expected = { old: content(old), fresh: content(fresh.store) };
    const silences = old.silences().length;
    mergeStore(fresh.store, v3(), { sinceSeq: 0 });
    mergeStore(old, await copyOf(fresh.store), { sinceSeq: 0 });
    for (const merged of [content(fresh.store), content(old)]) {
      for (const table of Object.keys(merged)) {
        assert.deepStrictEqual(merged[table], [...expected.old[table], ...expected.fresh[table]].sort(), table);
      }
    }
    assert.strictEqual(old.activeSessions(0).length, 8);
    assert.strictEqual(old.silences().length, silences, "the version-3 store's silences");
    assert.strictEqual(fresh.store.silences().length, silences, 'brought into the new store');
  });
});
