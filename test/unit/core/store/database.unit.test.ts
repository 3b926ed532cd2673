/** The store's database module: reused prepared statements, nested transactions, the changed flag, export. */
import * as assert from 'assert';
import type { Database } from 'sql.js';
import { SqlDatabase } from '../../../../src/core/store/database';
import { sqlJs } from '../../helpers';

/** A database with one table, and a count of the statements sql.js prepared. */
async function counted(): Promise<{ db: SqlDatabase; prepared: () => number }> {
  const sql = await sqlJs();
  const raw: Database = new sql.Database();
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)');
  let n = 0;
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((s: string) => {
    n++;
    return prepare(s);
  }) as Database['prepare'];
  return { db: new SqlDatabase(raw), prepared: () => n };
}

describe('store database: statements, transactions, changed flag', () => {
  it('prepares each statement once and reuses it, until an export frees them', async () => {
    const { db, prepared } = await counted();
    for (let i = 0; i < 5; i++) {
      db.run('INSERT INTO t (v) VALUES (?)', [`v${i}`]);
      db.all('SELECT * FROM t WHERE v = ?', [`v${i}`]);
    }
    assert.strictEqual(prepared(), 2);
    db.export();
    assert.deepStrictEqual(db.get('SELECT COUNT(*) AS n FROM t'), { n: 5 }, 'statements work again after an export');
    db.run('INSERT INTO t (v) VALUES (?)', ['after']);
    assert.strictEqual(prepared(), 4);
    db.close();
  });

  it('returns rows as objects, the new rowid of an insert, and numbers of an aggregate', async () => {
    const { db } = await counted();
    assert.strictEqual(db.insert('INSERT INTO t (v) VALUES (?)', ['a']), 1);
    assert.strictEqual(db.insert('INSERT INTO t (v) VALUES (?)', [null]), 2);
    assert.deepStrictEqual(db.all('SELECT * FROM t ORDER BY id'), [
      { id: 1, v: 'a' },
      { id: 2, v: null },
    ]);
    assert.strictEqual(db.get('SELECT * FROM t WHERE id = ?', [9]), undefined);
    assert.strictEqual(db.number('SELECT COUNT(*) AS n FROM t'), 2);
    assert.strictEqual(db.number('SELECT MAX(id) AS n FROM t WHERE v = ?', ['none'], 'n', -1), -1, 'NULL: the fallback');
    assert.deepStrictEqual(db.columns('t'), ['id', 'v']);
    assert.deepStrictEqual(db.columns('missing'), []);
    assert.strictEqual(db.hasTable('t'), true);
    assert.strictEqual(db.hasTable("t' OR 1=1 --"), false);
    db.close();
  });

  it('builds rows as sql.js getAsObject does, and a SELECT * sees the columns a schema change added', async () => {
    const { db } = await counted();
    db.run('INSERT INTO t (v) VALUES (?)', ['a']);
    db.run('INSERT INTO t (v) VALUES (?)', ['b']);
    // two result columns with one name: the later one's value, as getAsObject keeps
    assert.deepStrictEqual(db.all('SELECT id AS x, v AS x, id FROM t ORDER BY id'), [
      { x: 'a', id: 1 },
      { x: 'b', id: 2 },
    ]);
    assert.deepStrictEqual(db.all('SELECT * FROM t WHERE id = ?', [1]), [{ id: 1, v: 'a' }]);
    db.exec('ALTER TABLE t ADD COLUMN w INTEGER NOT NULL DEFAULT 7; UPDATE t SET w = 8 WHERE id = 2');
    assert.deepStrictEqual(db.all('SELECT * FROM t WHERE id = ?', [2]), [{ id: 2, v: 'b', w: 8 }], 'the same statement, new column names');
    db.write('ALTER TABLE t DROP COLUMN v');
    assert.deepStrictEqual(db.all('SELECT * FROM t WHERE id = ?', [2]), [{ id: 2, w: 8 }]);
    db.close();
  });

  it('commits a transaction, rolls it back when it throws, and lets nested calls join the outer one', async () => {
    const { db } = await counted();
    assert.strictEqual(
      db.transaction(() => {
        db.run('INSERT INTO t (v) VALUES (?)', ['kept']);
        return db.transaction(() => db.number('SELECT COUNT(*) AS n FROM t'));
      }),
      1,
    );
    assert.throws(
      () =>
        db.transaction(() => {
          db.run('INSERT INTO t (v) VALUES (?)', ['dropped']);
          db.transaction(() => {
            throw new Error('inner');
          });
        }),
      /inner/,
    );
    assert.deepStrictEqual(
      db.all('SELECT v FROM t').map((r) => r.v),
      ['kept'],
    );
    // The handle is usable for a new transaction after a rollback.
    db.transaction(() => db.run('INSERT INTO t (v) VALUES (?)', ['again']));
    assert.strictEqual(db.number('SELECT COUNT(*) AS n FROM t'), 2);
    db.close();
  });

  it('is dirty after a write and clean after an export; schema work and reads are not changes', async () => {
    const { db } = await counted();
    db.exec('CREATE TABLE u (x INTEGER)');
    db.userVersion = 4;
    db.all('SELECT * FROM t');
    assert.strictEqual(db.dirty, false);
    db.run('INSERT INTO t (v) VALUES (?)', ['x']);
    assert.strictEqual(db.dirty, true);
    db.export();
    assert.strictEqual(db.dirty, false);
    assert.strictEqual(db.userVersion, 4);
    db.close();
  });
});
