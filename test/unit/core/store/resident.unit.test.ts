/**
 * A store whose pages live in WebAssembly memory (src/core/store/resident.ts): SQLite's in-memory database instead of
 * a file of sql.js's in-memory file system, opened empty or from persisted bytes, exported in the same file format,
 * merging a copy as the usual store does; bytes SQLite cannot read are refused with nothing left open.
 */
import * as assert from 'assert';
import { SqlDatabase } from '../../../../src/core/store/database';
import { mergeStore } from '../../../../src/core/store/merge';
import { openResident } from '../../../../src/core/store/resident';
import { CorruptStoreError, Store } from '../../../../src/core/store/store';
import { sqlJs } from '../../helpers';

/** The file behind the main database as SQLite names it: '' for an in-memory database, the sql.js file's path otherwise. */
function mainFile(store: Store): string {
  const row = store.database.all('PRAGMA database_list').find((r) => r.name === 'main');
  return String(row?.file ?? '?');
}

function fill(store: Store, session: string, events: number): void {
  store.ensureSession(session, 'claude-code', `/p/${session}.jsonl`, 'p', 1_000);
  store.transaction(() => {
    for (let i = 0; i < events; i++) {
      store.insertEvent(
        {
          sessionId: session,
          agent: 'claude-code',
          timestamp: 1_000 + i,
          kind: i % 10 === 9 ? 'error' : 'assistant',
          text: `e${i} `.repeat(50),
        },
        undefined,
      );
    }
  });
}

describe('store: pages in WebAssembly memory', () => {
  it('an empty resident store is an in-memory database; the usual one is a file of sql.js', async () => {
    const sql = await sqlJs();
    const resident = Store.open(sql, undefined, undefined, { resident: true });
    const usual = Store.open(sql);
    assert.strictEqual(mainFile(resident), '');
    assert.match(mainFile(usual), /dbfile_/);
    resident.close();
    usual.close();
  });

  it('holds what it is given, exports the same file format, and opens from those bytes with every row', async () => {
    const sql = await sqlJs();
    const resident = Store.open(sql, undefined, undefined, { resident: true });
    fill(resident, 's1', 3_000);
    assert.strictEqual(resident.eventCount('s1'), 3_000);
    assert.strictEqual(resident.countErrors('s1', 0), 300);
    const bytes = resident.export();
    resident.close();
    // the bytes are a database the usual store reads, and the resident one reads back
    const usual = Store.open(sql, bytes);
    assert.strictEqual(usual.eventCount('s1'), 3_000);
    usual.close();
    const again = Store.open(sql, bytes, undefined, { resident: true });
    assert.strictEqual(mainFile(again), '');
    assert.strictEqual(again.eventCount('s1'), 3_000);
    assert.strictEqual(again.session('s1')?.file, '/p/s1.jsonl');
    fill(again, 's2', 10);
    assert.strictEqual(Store.open(sql, again.export()).eventCount('s2'), 10);
    again.close();
  });

  it('merges a copy opened the usual way, as the shared store file does', async () => {
    const sql = await sqlJs();
    const resident = Store.open(sql, undefined, undefined, { resident: true });
    fill(resident, 'mine', 5);
    const other = Store.open(sql);
    fill(other, 'theirs', 7);
    mergeStore(resident, other, { sinceSeq: 0 });
    other.close();
    assert.strictEqual(resident.eventCount('mine'), 5);
    assert.strictEqual(resident.eventCount('theirs'), 7);
    resident.close();
  });

  it('refuses bytes that are not a database, with CorruptStoreError from Store.open', async () => {
    const sql = await sqlJs();
    const garbage = new TextEncoder().encode('not a database at all, '.repeat(200));
    assert.throws(() => openResident(sql, garbage), /could not be read|not a database|file is not a database/i);
    assert.throws(() => Store.open(sql, garbage, undefined, { resident: true }), CorruptStoreError);
    // the module still opens stores after the refusals
    const ok = Store.open(sql, undefined, undefined, { resident: true });
    const extra = new SqlDatabase(openResident(sql)!);
    assert.strictEqual(extra.number('SELECT 1 AS n'), 1);
    extra.close();
    ok.close();
  });
});
