/**
 * Retention of whole sessions (src/core/store/retention.ts) on real Claude Code transcripts (test/fixtures/claude, see
 * PROVENANCE.md there): a session whose last activity is before the horizon and that has no finding retention keeps is
 * deleted with every row that names it (the tailer's file state aside); one with an open finding, or recent activity,
 * stays; and a merge of an older copy of the store brings none of a deleted session's rows back.
 */
import * as assert from 'assert';
import * as path from 'path';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { Engine } from '../../../../src/core/engine/engine';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { mergeStore } from '../../../../src/core/store/merge';
import { pruneEndedSessions } from '../../../../src/core/store/retention';
import { Store } from '../../../../src/core/store/store';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine, sqlJs, REPO_ROOT } from '../../helpers';

const CLAUDE = path.join(REPO_ROOT, 'test/fixtures/claude');
/** An hour after the fixtures were written. */
const T0 = Date.UTC(2026, 10, 23, 17, 0, 0);
const DAY = 86_400_000;
/** The tables whose rows name a session. */
const TABLES = ['events', 'findings', 'snoozes', 'audit', 'message_resets', 'resume_failures', 'session_marks'];

/** An engine on a fresh store that has read these fixtures; the session id of each, by fixture name. */
async function following(...names: string[]): Promise<{ engine: Engine; store: Store; ids: Record<string, string> }> {
  const made = await newEngine({}, new FakeClock(T0));
  const tailer = new Tailer(nodeFileAccess, made.engine, { chunkBytes: 4096 });
  const ids: Record<string, string> = {};
  for (const n of names) {
    const before = new Set(made.store.activeSessions(0).map((s) => s.id));
    await tailer.read(path.join(CLAUDE, `${n}.jsonl`), claudeFormat, n, false);
    ids[n] = made.store.activeSessions(0).find((s) => !before.has(s.id))!.id;
  }
  return { ...made, ids };
}

/** How many rows of each table name the session (and the files rows of it). */
function rowsOf(store: Store, id: string): Record<string, number> {
  const db = store.database;
  const counts: Record<string, number> = { sessions: db.number('SELECT COUNT(*) AS n FROM sessions WHERE id = ?', [id]) };
  for (const t of TABLES) {
    counts[t] = db.number(`SELECT COUNT(*) AS n FROM ${t} WHERE session_id = ?`, [id]);
  }
  counts.resumed = db.number('SELECT COUNT(*) AS n FROM resume_failures WHERE resumed_id = ?', [id]);
  counts.files = db.number('SELECT COUNT(*) AS n FROM files WHERE session_id = ?', [id]);
  return counts;
}

/** Every kind of row that names a session, for `id` (an audit row, a silence, marks, a reset, a resume failure). */
function recordAll(store: Store, id: string, other: string, ts: number): void {
  store.insertAudit({
    timestamp: ts,
    sessionId: id,
    failureType: 'rate_limit',
    strategy: 'backoff',
    outcome: 'offered',
    actor: 'system',
    detail: '',
  });
  store.insertSilence({ id: 0, sessionId: id, type: '', untilMs: ts + 60_000, untilChange: false, messageCount: 0, createdAt: ts });
  store.setPriorityMark(id, true);
  store.resetMessages(id, 'idle', ts);
  store.addResumeFailure(id, other, ts);
}

describe('retention of sessions (src/core/store/retention.ts)', () => {
  it('deletes a session over the horizon with no open finding, and every row naming it but its file state; keeps open and recent ones', async () => {
    const { store, ids, engine } = await following('happy', 'rate_limit_then_ok', 'auth_401', 'server_500');
    // auth_401 and server_500 end with an open finding; happy has none; rate_limit_then_ok's 429s were answered.
    const open = (id: string) => store.findings(id).some((f) => f.status === 'open');
    assert.deepStrictEqual(
      Object.keys(ids).map((n) => open(ids[n])),
      [false, false, true, true],
    );
    // server_500's finding acknowledged: no longer open, so that session is over too.
    engine.acknowledge(store.findings(ids.server_500)[0].id, 'user');
    recordAll(store, ids.happy, ids.auth_401, T0);
    recordAll(store, ids.auth_401, ids.auth_401, T0);
    const fileRows = rowsOf(store, ids.happy).files;
    assert.ok(fileRows > 0, 'the tailer recorded where it read');

    // Horizon before the sessions' activity: nothing is over.
    assert.strictEqual(pruneEndedSessions(store.database, T0 - 7 * DAY), 0);
    assert.strictEqual(store.activeSessions(0).length, 4);

    // A week after them: happy, rate_limit_then_ok and server_500 are over; auth_401 keeps its open finding.
    assert.strictEqual(pruneEndedSessions(store.database, T0 + 7 * DAY), 3);
    for (const n of ['happy', 'rate_limit_then_ok', 'server_500']) {
      const left = rowsOf(store, ids[n]);
      assert.deepStrictEqual(
        Object.entries(left).filter(([t, c]) => t !== 'files' && c > 0),
        [],
        `${n}: no row left ${JSON.stringify(left)}`,
      );
    }
    assert.strictEqual(rowsOf(store, ids.happy).files, fileRows, 'the file state stays (the transcript is not read again)');
    const kept = rowsOf(store, ids.auth_401);
    for (const t of ['sessions', 'events', 'findings', 'snoozes', 'audit', 'message_resets', 'resume_failures', 'session_marks']) {
      assert.ok(kept[t] > 0, `auth_401 keeps its ${t}: ${JSON.stringify(kept)}`);
    }
    assert.strictEqual(store.activeSessions(0).length, 1);
    // Once its finding is no longer open, it goes too.
    engine.acknowledge(store.findings(ids.auth_401)[0].id, 'user');
    assert.strictEqual(pruneEndedSessions(store.database, T0 + 7 * DAY), 1);
    assert.strictEqual(store.activeSessions(0).length, 0);
  });

  it('a finding seen at or after the horizon keeps its session, even closed', async () => {
    const { store, ids, engine } = await following('server_500');
    const f = store.findings(ids.server_500)[0];
    engine.acknowledge(f.id, 'user');
    assert.strictEqual(pruneEndedSessions(store.database, f.lastSeen), 0, 'last seen at the horizon');
    assert.strictEqual(pruneEndedSessions(store.database, f.lastSeen + 1), 1);
  });

  it('what a deleted session leaves: only its file state, a few hundred bytes per transcript after VACUUM', async () => {
    const store = Store.open(await sqlJs());
    const empty = store.export().length;
    const n = 2000;
    store.database.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = `0f1e2d3c-4b5a-6978-8796-${String(i).padStart(12, '0')}`;
        const file = `/home/dev/.claude/projects/-home-dev-projects-demo-app/${id}.jsonl`;
        store.ensureSession(id, 'claude-code', file, 'demo-app', T0 + i);
        store.setFileState({ path: file, sessionId: id, offset: 13_000, size: 13_000, mtime: T0 + i });
      }
    });
    const full = store.export().length;
    assert.strictEqual(pruneEndedSessions(store.database, T0 + 7 * DAY), n);
    store.database.vacuum();
    const left = store.export().length;
    assert.strictEqual(store.database.number('SELECT COUNT(*) AS n FROM sessions'), 0);
    assert.strictEqual(store.database.number('SELECT COUNT(*) AS n FROM files'), n);
    const perSession = (full - empty) / n;
    const perFile = (left - empty) / n;
    assert.ok(perFile < perSession && perFile < 400, `${perFile} bytes left per transcript (${perSession} with its session row)`);
    console.log(
      `      ${n} sessions with no events: ${Math.round(perSession)} bytes each (row and file state); after deletion and VACUUM ` +
        `${Math.round(perFile)} bytes per transcript left (its file state)`,
    );
  });

  it("a merge of another writer's older copy brings none of a deleted session's rows back; new and kept sessions still come in", async () => {
    const { store, ids } = await following('happy', 'rate_limit_then_ok', 'auth_401');
    recordAll(store, ids.happy, ids.rate_limit_then_ok, T0);
    const older = Store.open(await sqlJs(), store.export());
    // The other writer also followed a session of its own, active after the horizon, and one over the horizon.
    const other = await following('server_500', 'tool_use');
    const newer = Store.open(await sqlJs(), store.export());
    mergeStore(newer, Store.open(await sqlJs(), other.store.export()), { sinceSeq: 0 });
    newer.database.run('UPDATE sessions SET last_activity = ? WHERE id = ?', [T0 + 30 * DAY, ids.rate_limit_then_ok]);

    const cutoff = T0 + 7 * DAY;
    store.prune(ids.happy, 1000, cutoff); // the engine's retention: events and closed findings; sets the horizon
    assert.strictEqual(pruneEndedSessions(store.database, cutoff), 2, 'happy and rate_limit_then_ok');
    const before = rowsOf(store, ids.auth_401);

    const r1 = mergeStore(store, older, { sinceSeq: 0 });
    for (const n of ['happy', 'rate_limit_then_ok']) {
      const left = rowsOf(store, ids[n]);
      assert.deepStrictEqual(
        Object.entries(left).filter(([t, c]) => t !== 'files' && c > 0),
        [],
        `${n} stays deleted after merging the older copy: ${JSON.stringify(left)}`,
      );
    }
    assert.deepStrictEqual(rowsOf(store, ids.auth_401), before, 'the kept session unchanged');
    assert.strictEqual(r1.changes, 0, 'the older copy brings nothing');

    // The other writer's copy: its over session (tool_use: answered, no finding) stays out; its open one (server_500)
    // comes in; and rate_limit_then_ok, active again there after the horizon, comes back with that activity.
    mergeStore(store, newer, { sinceSeq: 0 });
    assert.strictEqual(rowsOf(store, other.ids.tool_use).sessions, 0);
    assert.strictEqual(rowsOf(store, other.ids.server_500).sessions, 1);
    assert.ok(rowsOf(store, other.ids.server_500).findings > 0);
    assert.strictEqual(store.session(ids.rate_limit_then_ok)?.lastActivity, T0 + 30 * DAY);
    assert.strictEqual(rowsOf(store, ids.happy).sessions, 0);
  });
});
