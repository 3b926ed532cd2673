/**
 * The one-query reads of a transaction (src/core/store/repositories/bulkRead.ts): inside a transaction the store answers
 * each session's shown findings and context samples from one query over every session, and those answers must be the
 * ones the per-session queries give outside a transaction, stay right after a write in the same transaction, and take
 * no more queries however many sessions are read.
 */
import * as assert from 'assert';
import type { FailureType } from '../../../../../src/core/model/failures';
import { SqlDatabase } from '../../../../../src/core/store/database';
import { Store } from '../../../../../src/core/store/store';
import { sqlJs } from '../../../helpers';

const TYPES: FailureType[] = ['auth', 'rate_limit', 'server_error', 'overloaded'];

/** Sessions s0..s(n-1), each with open, acknowledged, snoozed and more than ten resolved findings, and context samples. */
async function filledStore(n: number): Promise<Store> {
  const store = Store.open(await sqlJs());
  for (let i = 0; i < n; i++) {
    const id = `s${i}`;
    store.ensureSession(id, 'claude-code', '', 'p', 1000);
    for (let k = 0; k < 14 + (i % 3); k++) {
      const f = store.insertFinding({
        sessionId: id,
        type: TYPES[k % TYPES.length],
        severity: k % 2 ? 'HIGH' : 'MEDIUM',
        strategy: 'backoff',
        ts: 1000 + (k % 5) * 10, // ties in last_seen
        text: `f${k}`,
        escalation: '',
      });
      if (k < 12) {
        store.setFindingStatus(f.id, 'resolved');
      } else if (k === 12) {
        store.setFindingStatus(f.id, 'acknowledged');
        store.snoozeFinding(f.id, 99_000);
      }
    }
    for (let k = 0; k < 12 + i; k++) {
      store.insertEvent({ sessionId: id, agent: 'claude-code', timestamp: 2000 + k, kind: 'assistant', text: 'x' }, undefined, 100 * k + i);
    }
  }
  return store;
}

/** What the snapshot reads of each session, read one by one. */
function perSession(store: Store, ids: string[]): unknown[] {
  return ids.map((id) => ({ session: store.session(id), findings: store.findings(id), context: store.contextSamples(id, 10) }));
}

describe('store: one-query reads in a transaction', () => {
  it('answer each session as the per-session queries do (resolved findings beyond ten left out, ties, snoozes)', async () => {
    const store = await filledStore(7);
    const ids = store.activeSessions(0).map((s) => s.id);
    assert.strictEqual(ids.length, 7);
    const outside = perSession(store, ids);
    const inside = store.transaction(() => perSession(store, ids));
    assert.deepStrictEqual(inside, outside);
    const first = outside[0] as { findings: { status: string }[]; context: number[] };
    assert.strictEqual(first.findings.filter((f) => f.status === 'resolved').length, 10);
    assert.strictEqual(first.context.length, 10);
  });

  it('take a fixed number of queries however many sessions there are', async () => {
    const counts: number[] = [];
    for (const n of [5, 40]) {
      const store = await filledStore(n);
      let queries = 0;
      const all = SqlDatabase.prototype.all;
      SqlDatabase.prototype.all = function (this: SqlDatabase, ...a: Parameters<typeof all>) {
        queries++;
        return all.apply(this, a);
      };
      try {
        store.transaction(() =>
          perSession(
            store,
            store.activeSessions(0).map((s) => s.id),
          ),
        );
      } finally {
        SqlDatabase.prototype.all = all;
      }
      counts.push(queries);
    }
    assert.strictEqual(counts[0], counts[1]);
  });

  it('are read again after a write in the same transaction', async () => {
    const store = await filledStore(2);
    store.transaction(() => {
      const before = store.findings('s1').length;
      const f = store.insertFinding({
        sessionId: 's1',
        type: 'auth',
        severity: 'CRITICAL',
        strategy: 'halt_and_notify',
        ts: 5000,
        text: 'new',
        escalation: '',
      });
      assert.strictEqual(store.findings('s1').length, before + 1);
      assert.strictEqual(store.findings('s1')[0].id, f.id);
      store.snoozeFinding(f.id, 123_000);
      assert.strictEqual(store.findings('s1')[0].snoozedUntil, 123_000);
      store.insertEvent({ sessionId: 's1', agent: 'claude-code', timestamp: 9000, kind: 'assistant', text: 'y' }, undefined, 777);
      assert.strictEqual(store.contextSamples('s1', 10).at(-1), 777);
      store.touchSession('s1', { ts: 9000, message: true });
      assert.strictEqual(store.session('s1')!.messageCount, 1);
    });
    assert.strictEqual(store.contextSamples('s1', 10).at(-1), 777);
    assert.strictEqual(store.findings('s1')[0].snoozedUntil, 123_000);
    assert.strictEqual(store.session('s1')!.messageCount, 1);
  });

  it("are seeded by the snapshot's session list: the context samples read in that query, with no query of their own", async () => {
    const store = await filledStore(6);
    store.setContext('s1', 5000, 0, 'm');
    store.setContext('s2', 6000, 0, 'm');
    store.startContextEpoch('s2'); // a compaction: only the samples after it count
    store.setContext('s2', 700, 0, 'm');
    store.insertEvent({ sessionId: 's2', agent: 'claude-code', timestamp: 9000, kind: 'assistant', text: 'x' }, undefined, 700);
    store.insertEvent({ sessionId: 's2', agent: 'claude-code', timestamp: 9001, kind: 'assistant', text: 'x' }, undefined, 900);
    store.setContext('s3', 100, 0, 'm');
    store.insertEvent({ sessionId: 's4', agent: 'claude-code', timestamp: 9002, kind: 'user', text: 'no usage' }, undefined);
    store.setContext('s4', 1, 0, 'm');
    const ids = ['s1', 's2', 's3', 's4'];
    const outside = ids.map((id) => [store.contextSamples(id, 10), store.contextSamples(id, 3)]);
    assert.deepStrictEqual(outside[1][0], [700, 900]);
    let queries = 0;
    const inside = store.transaction(() => {
      store.activeSessions(0, true);
      const all = SqlDatabase.prototype.all;
      SqlDatabase.prototype.all = function (this: SqlDatabase, ...a: Parameters<typeof all>) {
        queries++;
        return all.apply(this, a);
      };
      try {
        return ids.map((id) => [store.contextSamples(id, 10), store.contextSamples(id, 3)]);
      } finally {
        SqlDatabase.prototype.all = all;
      }
    });
    assert.deepStrictEqual(inside, outside);
    assert.strictEqual(queries, 0, 'answered from the session list');
    // s5's context is empty (no setContext): not seeded, its own query answers as outside
    const s5 = store.contextSamples('s5', 10);
    assert.deepStrictEqual(
      store.transaction(() => (store.activeSessions(0, true), store.contextSamples('s5', 10))),
      s5,
    );
  });

  it('forget the seeded samples on a write, and seed nothing outside a transaction', async () => {
    const store = await filledStore(2);
    store.setContext('s1', 5000, 0, 'm');
    store.transaction(() => {
      store.activeSessions(0, true);
      store.insertEvent({ sessionId: 's1', agent: 'claude-code', timestamp: 9000, kind: 'assistant', text: 'y' }, undefined, 4321);
      assert.strictEqual(store.contextSamples('s1', 10).at(-1), 4321);
      assert.strictEqual(store.contextSamples('s1', 10).length, 10);
    });
    store.activeSessions(0, true);
    store.insertEvent({ sessionId: 's1', agent: 'claude-code', timestamp: 9001, kind: 'assistant', text: 'z' }, undefined, 5555);
    assert.strictEqual(store.contextSamples('s1', 10).at(-1), 5555);
  });
});
