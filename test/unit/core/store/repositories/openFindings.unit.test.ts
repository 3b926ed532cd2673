/**
 * Occurrences and updates of a cached finding inside a transaction (src/core/store/repositories/openFindings.ts): the
 * row is written once, before the commit or before any other statement that reads findings, with the state the
 * per-statement UPDATEs give outside a transaction; a rollback writes nothing.
 */
import * as assert from 'assert';
import type { FindingOccurrence } from '../../../../../src/core/store/repositories/findings';
import { Store } from '../../../../../src/core/store/store';
import { sqlJs } from '../../../helpers';

/** Every column of every finding, by id. */
function rows(store: Store): unknown[] {
  return store.database.values('SELECT * FROM findings ORDER BY id');
}

/** Counts the UPDATE statements on findings run through the store's database from now on. */
function countUpdates(store: Store): { n: number } {
  const counter = { n: 0 };
  const db = store.database;
  const run = db.run.bind(db);
  db.run = (sql, params, owner) => {
    counter.n += /^\s*UPDATE findings/.test(sql) ? 1 : 0;
    run(sql, params, owner);
  };
  return counter;
}

/** Opens a LOW rate-limit finding (sessionId `s`, first seen at 100 ms, text `text`). */
function insertRateLimit(store: Store, text = 'a', s = 's1') {
  return store.insertFinding({ sessionId: s, type: 'rate_limit', severity: 'LOW', strategy: 'backoff', ts: 100, text, escalation: '' });
}

/** Opens a CRITICAL auth finding of s1 (first seen at 100 ms, text `text`). */
function insertAuth(store: Store, text: string) {
  return store.insertFinding({
    sessionId: 's1',
    type: 'auth',
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    ts: 100,
    text,
    escalation: '',
  });
}

const occ = (ts: number, text: string, extra: Partial<FindingOccurrence> = {}): FindingOccurrence => ({
  ts,
  text,
  file: '/f.jsonl',
  offset: ts,
  severity: 'LOW',
  strategy: 'backoff',
  escalation: '',
  reopen: false,
  ...extra,
});

/** The same changes to two findings of s1, with returns: occurrences, a raise, an update, a lone surrogate, no file. */
function changes(store: Store): unknown[] {
  const a = insertRateLimit(store);
  const b = insertAuth(store, 'b');
  store.setFindingStatus(b.id, 'acknowledged');
  const out: unknown[] = [store.activeFinding('s1', 'rate_limit')];
  for (let i = 1; i <= 5; i++) {
    out.push(store.addOccurrence(a.id, occ(100 + i * 10, `a${i}`)));
  }
  out.push(store.addOccurrence(a.id, occ(90, 'older', { severity: 'MEDIUM', escalation: '3 times in 300 s', reopen: true })));
  out.push(
    store.addOccurrence(b.id, occ(200, 'b2', { file: undefined, offset: undefined, severity: 'CRITICAL', strategy: 'halt_and_notify' })),
  );
  out.push(store.updateFinding(a.id, { ts: 300, text: 'updated', severity: 'HIGH', strategy: 'backoff', escalation: 'x', reopen: false }));
  out.push(store.addOccurrence(b.id, occ(250, 'lone \ud800 surrogate', { severity: 'CRITICAL', strategy: 'halt_and_notify' })));
  out.push(store.addOccurrence(a.id, occ(310, 'after the fallback')));
  out.push(store.activeFinding('s1', 'rate_limit'), store.activeFinding('s1', 'auth'));
  return out;
}

describe('open findings: occurrences written once per transaction', () => {
  it('gives the rows and returns of one statement per change, with far fewer UPDATEs', async () => {
    const sql = await sqlJs();
    const one = Store.open(sql);
    one.ensureSession('s1', 'claude-code', '', 'p', 0);
    const each = countUpdates(one);
    const plain = changes(one);

    const two = Store.open(sql);
    two.ensureSession('s1', 'claude-code', '', 'p', 0);
    const batched = countUpdates(two);
    const inTx = two.transaction(() => changes(two));

    assert.deepStrictEqual(inTx, plain);
    assert.deepStrictEqual(rows(two), rows(one));
    assert.strictEqual(each.n, 11);
    assert.ok(batched.n <= 5, `${batched.n} UPDATEs`);
    assert.strictEqual((rows(two)[0] as unknown[])[5], 8, 'count of the first finding');
  });

  it('a read of findings in the same transaction sees every occurrence so far; a rollback writes none', async () => {
    const store = Store.open(await sqlJs());
    for (const s of ['s1', 's2', 's3']) {
      store.ensureSession(s, 'claude-code', '', 'p', 0);
      insertRateLimit(store, 'a', s);
    }
    store.transaction(() => {
      // three sessions read: the shown findings come from one query over all of them from now on
      assert.deepStrictEqual(
        ['s1', 's2', 's3'].map((s) => store.findings(s)[0].count),
        [1, 1, 1],
      );
      const id = store.activeFinding('s1', 'rate_limit')!.id;
      store.addOccurrence(id, occ(110, 'again'));
      store.addOccurrence(id, occ(120, 'and again'));
      assert.strictEqual(store.findings('s1')[0].count, 3);
      assert.strictEqual(store.finding(id)!.lastText, 'and again');
      assert.strictEqual(store.database.number('SELECT count AS n FROM findings WHERE id = ?', [id]), 3);
      store.addOccurrence(id, occ(130, 'once more'));
      assert.strictEqual(store.findings('s1')[0].lastSeen, 130);
    });
    assert.strictEqual(store.findings('s1')[0].count, 4);
    assert.throws(() =>
      store.transaction(() => {
        const id = store.activeFinding('s2', 'rate_limit')!.id;
        store.addOccurrence(id, occ(110, 'lost'));
        throw new Error('rolled back');
      }),
    );
    assert.deepStrictEqual([store.findings('s2')[0].count, store.findings('s2')[0].lastText], [1, 'a']);
  });

  it('resolving, acknowledging or pruning in the same transaction starts from the counted occurrences', async () => {
    const store = Store.open(await sqlJs());
    store.ensureSession('s1', 'claude-code', '', 'p', 0);
    store.transaction(() => {
      const f = insertRateLimit(store);
      store.addOccurrence(f.id, occ(150, 'b'));
      const resolved = store.resolveFindings('s1', ['rate_limit'], 200);
      assert.deepStrictEqual(
        resolved.map((r) => [r.count, r.lastSeen, r.lastText]),
        [[2, 150, 'b']],
      );
      const g = insertAuth(store, 'c');
      store.addOccurrence(g.id, occ(160, 'd', { severity: 'CRITICAL', strategy: 'halt_and_notify' }));
      store.setFindingStatus(g.id, 'acknowledged');
      store.addOccurrence(g.id, occ(170, 'e', { severity: 'CRITICAL', strategy: 'halt_and_notify' }));
      store.prune('s1', 100, 0);
    });
    assert.deepStrictEqual(
      store.findings('s1').map((f) => [f.type, f.status, f.count, f.lastText]),
      [
        ['auth', 'acknowledged', 3, 'e'],
        ['rate_limit', 'resolved', 2, 'b'],
      ],
    );
  });
});
