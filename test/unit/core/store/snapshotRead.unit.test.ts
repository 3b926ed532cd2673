/**
 * The store's read for a snapshot (src/core/store/snapshotRead.ts): in a transaction, the active sessions' rows, their
 * context samples and their shown findings are read at once, and the per-session reads that follow must give exactly
 * what they give one by one outside a transaction, without a query of their own, while the findings of sessions the
 * snapshot does not show are not read at all.
 */
import * as assert from 'assert';
import type { FailureType } from '../../../../src/core/model/failures';
import { type Row, SqlDatabase, type SqlValue } from '../../../../src/core/store/database';
import { type SessionRow, Store } from '../../../../src/core/store/store';
import { sqlJs } from '../../helpers';

const TYPES: FailureType[] = ['auth', 'rate_limit', 'server_error', 'overloaded'];
const HOUR = 3_600_000;
const NOW = 100 * HOUR;

/**
 * `active` sessions a0.. (last activity within the hour) and `old` sessions o0.. (a day ago), each with findings (open,
 * acknowledged, more than ten resolved) and context samples; a1 had a compaction, a2 has an empty context.
 */
async function store(active: number, old: number): Promise<Store> {
  const s = Store.open(await sqlJs());
  const fill = (id: string, ts: number) => {
    s.ensureSession(id, 'claude-code', `/t/${id}.jsonl`, 'p', ts);
    s.touchSession(id, { ts, message: true });
    for (let k = 0; k < 13; k++) {
      const f = s.insertFinding({
        sessionId: id,
        type: TYPES[k % TYPES.length],
        severity: k % 2 ? 'HIGH' : 'MEDIUM',
        strategy: 'backoff',
        ts: ts - (k % 4) * 1000,
        text: `${id} f${k}`,
        escalation: '',
      });
      s.setFindingStatus(f.id, k < 11 ? 'resolved' : k === 11 ? 'acknowledged' : 'open');
    }
    for (let k = 0; k < 14; k++) {
      s.insertEvent({ sessionId: id, agent: 'claude-code', timestamp: ts - 14 + k, kind: 'assistant', text: 'x' }, undefined, 1000 * k + 7);
      s.insertEvent({ sessionId: id, agent: 'claude-code', timestamp: ts - 14 + k, kind: 'tool_call', text: 'y' }, undefined);
    }
    s.setContext(id, 13_007, 0, 'claude-sonnet-4-5');
  };
  for (let i = 0; i < active; i++) {
    fill(`a${i}`, NOW - i * 1000);
  }
  for (let i = 0; i < old; i++) {
    fill(`o${i}`, NOW - 24 * HOUR - i * 1000);
  }
  s.startContextEpoch('a1');
  s.insertEvent({ sessionId: 'a1', agent: 'claude-code', timestamp: NOW, kind: 'assistant', text: 'after' }, undefined, 500);
  s.setContext('a1', 500, 0, '');
  s.setContext('a2', 0, 0, '');
  return s;
}

/** Runs `fn` counting the queries (`SqlDatabase.all` and `values`) and the session ids (a0.., o0..) in the rows they returned. */
function counting<T>(fn: () => T): { out: T; queries: number; sessionIds: Set<string> } {
  const { all, values } = SqlDatabase.prototype;
  let queries = 0;
  const sessionIds = new Set<string>();
  const note = (cells: unknown[]) => {
    for (const c of cells) {
      if (typeof c === 'string' && /^[ao]\d+$/.test(c)) {
        sessionIds.add(c);
      }
    }
  };
  SqlDatabase.prototype.all = function (this: SqlDatabase, ...a: Parameters<typeof all>): Row[] {
    queries++;
    const rows = all.apply(this, a);
    rows.forEach((r) => note(Object.values(r)));
    return rows;
  };
  SqlDatabase.prototype.values = function (this: SqlDatabase, ...a: Parameters<typeof values>): SqlValue[][] {
    queries++;
    const rows = values.apply(this, a);
    rows.forEach(note);
    return rows;
  };
  try {
    return { out: fn(), queries, sessionIds };
  } finally {
    Object.assign(SqlDatabase.prototype, { all, values });
  }
}

/** What a snapshot reads of each session of its rows: the shown findings, the context samples when the context is not empty. */
function reads(s: Store, rows: SessionRow[]): unknown[] {
  return rows.map((r) => ({ findings: s.findings(r.id), context: r.contextTokens > 0 ? s.contextSamples(r.id, 10) : undefined }));
}

describe('store: the read for a snapshot', () => {
  it('gives each active session the rows, findings and context samples the per-session reads give', async () => {
    const s = await store(6, 4);
    const since = NOW - HOUR;
    const plain = s.activeSessions(since);
    assert.deepStrictEqual(
      plain.map((r) => r.id),
      ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'],
    );
    const outside = reads(s, plain);
    const inside = s.transaction(() => {
      const rows = s.activeSessions(since, true);
      return { rows, reads: reads(s, rows) };
    });
    assert.deepStrictEqual(inside.rows, plain);
    assert.deepStrictEqual(inside.reads, outside);
    const [a0, a1] = outside as { findings: { status: string }[]; context: number[] }[];
    assert.strictEqual(a0.findings.length, 12, 'two unresolved and the ten newest resolved');
    assert.deepStrictEqual(a0.context, [4007, 5007, 6007, 7007, 8007, 9007, 10007, 11007, 12007, 13007]);
    assert.deepStrictEqual(a1.context, [500], 'only the samples after the compaction');
    assert.strictEqual(s.contextSamples('a0', 3).length, 3);
  });

  it('takes three queries however many sessions, and never reads the findings of sessions it does not show', async () => {
    const counts: number[] = [];
    for (const [active, old] of [
      [3, 2],
      [30, 20],
    ]) {
      const s = await store(active, old);
      const r = counting(() => s.transaction(() => reads(s, s.activeSessions(NOW - HOUR, true))));
      counts.push(r.queries);
      assert.ok(
        [...r.sessionIds].every((id) => id.startsWith('a')),
        `read rows of ${[...r.sessionIds].filter((id) => !id.startsWith('a')).join(', ')}`,
      );
      assert.strictEqual((r.out as unknown[]).length, active);
    }
    assert.deepStrictEqual(counts, [3, 3]);
  });

  it('is forgotten after a write in the same transaction, and keeps nothing outside one', async () => {
    const s = await store(3, 0);
    s.transaction(() => {
      s.activeSessions(0, true);
      const before = s.findings('a0').length;
      s.insertFinding({
        sessionId: 'a0',
        type: 'auth',
        severity: 'CRITICAL',
        strategy: 'halt_and_notify',
        ts: NOW,
        text: 'new',
        escalation: '',
      });
      assert.strictEqual(s.findings('a0').length, before + 1);
      s.insertEvent({ sessionId: 'a0', agent: 'claude-code', timestamp: NOW, kind: 'assistant', text: 'z' }, undefined, 99);
      assert.strictEqual(s.contextSamples('a0', 10).at(-1), 99);
    });
    const r = counting(() => (s.activeSessions(0, true), s.findings('a0'), s.contextSamples('a0', 10)));
    assert.strictEqual(r.queries, 4, 'outside a transaction: the session list, then each read its own query (two for findings)');
  });
});
