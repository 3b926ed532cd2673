/** The buffer a store's saves export into again (src/core/store/exportBuffer.ts). */
import * as assert from 'assert';
import type { Database } from 'sql.js';
import { ExportBuffer, REUSE_FROM_BYTES } from '../../../../src/core/store/exportBuffer';
import { sqlJs } from '../../helpers';

/** A sql.js database of about `rows` * 200 bytes. */
async function filled(rows: number): Promise<Database> {
  const sql = await sqlJs();
  const db = new sql.Database();
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  add(db, rows);
  return db;
}

function add(db: Database, rows: number): void {
  db.exec('BEGIN');
  const st = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < rows; i++) {
    st.run([`${'v'.repeat(180)}${i}`]);
  }
  st.free();
  db.exec('COMMIT');
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('export buffer: saves written into one reused buffer', () => {
  it('gives the bytes sql.js gives, into the same buffer at each save, and a bigger one when the store outgrows it', async () => {
    const db = await filled(20_000);
    const buffer = new ExportBuffer();
    const first = buffer.export(db);
    assert.ok(first.length >= REUSE_FROM_BYTES, `${first.length} bytes`);
    assert.ok(same(first, db.export()));
    add(db, 10);
    const second = buffer.export(db);
    assert.strictEqual(second.buffer, first.buffer, 'the second save reuses the first one’s buffer');
    assert.ok(same(second, db.export()));
    assert.strictEqual(buffer.reused, 2);
    // far past the quarter kept spare: a new, bigger buffer
    add(db, 20_000);
    const third = buffer.export(db);
    assert.notStrictEqual(third.buffer, first.buffer);
    assert.ok(third.buffer.byteLength >= third.length);
    assert.ok(same(third, db.export()));
    assert.strictEqual(buffer.reused, 3);
    // the bytes are a database with every row
    const sql = await sqlJs();
    const reopened = new sql.Database(third);
    assert.strictEqual(reopened.exec('SELECT COUNT(*) FROM t')[0].values[0][0], 40_010);
    reopened.close();
    db.close();
  });

  it('reserves the buffer ahead, a slice per turn, and the next save writes into it', async () => {
    const db = await filled(20_000);
    const size = db.export().length;
    const buffer = new ExportBuffer();
    let turns = 0;
    const nextTurn = async (): Promise<void> => {
      turns++;
    };
    await buffer.reserve(size, nextTurn, 1 << 20);
    // the buffer is size + a quarter, touched 1 MiB a turn
    assert.strictEqual(turns, Math.ceil((size + Math.floor(size / 4)) / (1 << 20)));
    assert.strictEqual(buffer.reserved, 1);
    const bytes = buffer.export(db);
    assert.strictEqual(buffer.reused, 1);
    assert.ok(same(bytes, db.export()));
    // big enough already: nothing more
    await buffer.reserve(size, nextTurn, 1 << 20);
    assert.strictEqual(buffer.reserved, 1);
    // two reservations at once: one allocates, the other returns at once
    await Promise.all([buffer.reserve(2 * size, nextTurn), buffer.reserve(3 * size, nextTurn)]);
    assert.strictEqual(buffer.reserved, 2);
    assert.strictEqual(buffer.export(db).buffer.byteLength, 2 * size + Math.floor((2 * size) / 4));
    db.close();
  });

  it('leaves a small store to sql.js: nothing held, nothing reused', async () => {
    const db = await filled(100);
    const buffer = new ExportBuffer();
    const bytes = buffer.export(db);
    assert.ok(bytes.length < REUSE_FROM_BYTES);
    assert.ok(same(bytes, db.export()));
    assert.strictEqual(buffer.reused, 0);
    db.close();
  });

  it("answers only the export's own allocation, and restores the global constructor, also when the export throws", () => {
    const Real = globalThis.Uint8Array;
    const size = 2 * REUSE_FROM_BYTES;
    const seen: Uint8Array[] = [];
    // a stand-in for sql.js: its export allocates a small array and the database-sized one, as sql.js 1.16 does
    const fake = (fail: boolean): Database =>
      ({
        exec: () => [{ values: [[size / 4096]] }, { values: [[4096]] }],
        export: () => {
          seen.push(new Uint8Array(16), new Uint8Array(size));
          if (fail) {
            throw new Error('export failed');
          }
          return seen[seen.length - 1];
        },
      }) as unknown as Database;
    const buffer = new ExportBuffer();
    const bytes = buffer.export(fake(false));
    assert.strictEqual(globalThis.Uint8Array, Real);
    assert.ok(seen[0] instanceof Real && seen[0].buffer.byteLength === 16, 'other allocations are ordinary');
    assert.ok(bytes instanceof Real && bytes.length === size && bytes.buffer.byteLength > size, 'the database-sized one is the buffer');
    assert.throws(() => buffer.export(fake(true)), /export failed/);
    assert.strictEqual(globalThis.Uint8Array, Real);
    assert.strictEqual(seen[3].buffer, bytes.buffer, 'the failed export was given the same buffer');
  });
});
