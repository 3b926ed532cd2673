/**
 * A compaction's new context epoch (`Store.startContextEpoch`) inside an ingest transaction is kept in the session row
 * cache (no UPDATE of its own): the session's row, its context samples and what reads them are the same as with the
 * statement run outside a transaction, also for samples read earlier in the same transaction.
 */
import * as assert from 'assert';
import { SqlDatabase } from '../../../../src/core/store/database';
import { Store } from '../../../../src/core/store/store';
import { sqlJs } from '../../helpers';

/**
 * Responses with a context size, a compaction after the third, two more responses; `inTx`: all in one transaction;
 * `readBetween` runs just before and just after the new epoch.
 */
function replay(store: Store, inTx: boolean, readBetween: (s: Store) => void = () => undefined): void {
  const run = (f: () => void) => (inTx ? store.transaction(f) : f());
  run(() => {
    for (const id of ['a', 'b']) {
      store.ensureSession(id, 'claude-code', '', 'p', 1);
      store.touchSession(id, { ts: 1, message: true });
    }
    let ts = 10;
    const respond = (id: string, tokens: number) => {
      store.insertEvent({ sessionId: id, agent: 'claude-code', timestamp: ts++, kind: 'assistant', text: `r${tokens}` }, undefined, tokens);
      store.setContext(id, tokens, 200_000, 'm');
    };
    [100, 200, 300].forEach((t) => respond('a', t));
    respond('b', 50);
    store.insertEvent(
      { sessionId: 'a', agent: 'claude-code', timestamp: ts++, kind: 'system', text: 'compacted', compaction: true },
      undefined,
    );
    readBetween(store);
    store.startContextEpoch('a');
    readBetween(store);
    [40, 60].forEach((t) => respond('a', t));
  });
}

const rowOf = (store: Store, id: string) =>
  store.database.get('SELECT context_tokens, context_since_seq, context_window, message_count FROM sessions WHERE id = ?', [id]);

describe('Store.startContextEpoch in a transaction', () => {
  it('leaves the same rows and samples as outside a transaction, with no UPDATE of its own', async () => {
    const sql = await sqlJs();
    const outside = Store.open(sql);
    replay(outside, false);
    const inside = Store.open(sql);
    const run = SqlDatabase.prototype.run;
    const updates: string[] = [];
    SqlDatabase.prototype.run = function (this: SqlDatabase, ...a: Parameters<typeof run>) {
      if (/^UPDATE sessions SET context_tokens = 0/.test(a[0])) {
        updates.push(a[0]);
      }
      return run.apply(this, a);
    };
    try {
      replay(inside, true);
    } finally {
      SqlDatabase.prototype.run = run;
    }
    assert.deepStrictEqual(updates, []);
    for (const id of ['a', 'b']) {
      assert.deepStrictEqual(rowOf(inside, id), rowOf(outside, id), id);
      assert.deepStrictEqual(inside.contextSamples(id, 10), outside.contextSamples(id, 10), id);
    }
    assert.deepStrictEqual(rowOf(inside, 'a'), { context_tokens: 60, context_since_seq: 5, context_window: 200_000, message_count: 1 });
    assert.deepStrictEqual(inside.contextSamples('a', 10), [40, 60]);
    outside.close();
    inside.close();
  });

  it('forgets the context samples read earlier in the transaction (the bulk read of every session, after the last insert)', async () => {
    const sql = await sqlJs();
    const store = Store.open(sql);
    const seen: number[][] = [];
    replay(store, true, (s) => {
      // three sessions asked: the bulk read of every session's samples answers from then on
      seen.push(s.contextSamples('a', 10), s.contextSamples('b', 10), s.contextSamples('c', 10), s.contextSamples('a', 10));
    });
    assert.deepStrictEqual(seen, [[100, 200, 300], [50], [], [100, 200, 300], [], [50], [], []]);
    assert.deepStrictEqual(store.contextSamples('a', 10), [40, 60]);
    store.transaction(() => assert.deepStrictEqual(store.contextSamples('a', 10), [40, 60]));
    store.close();
  });
});
