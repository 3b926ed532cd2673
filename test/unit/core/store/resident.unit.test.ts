/**
 * A store whose pages live in WebAssembly memory (src/core/store/resident.ts): SQLite's in-memory database instead of
 * a file of sql.js's in-memory file system, opened empty or from persisted bytes, exported in the same file format,
 * merging a copy as the usual store does; bytes SQLite cannot read are refused with nothing left open. A store opened
 * the usual way moves into WebAssembly memory a few pages per turn while it keeps being written, and loses nothing.
 */
import * as assert from 'assert';
import { SqlDatabase } from '../../../../src/core/store/database';
import { mergeStore } from '../../../../src/core/store/merge';
import { moveToResident, openResident, startResidentMove } from '../../../../src/core/store/resident';
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

describe('store: moving a store opened from its file into WebAssembly memory', () => {
  /** Every row of the tables the tests write, in a stable order: what must be the same before and after a move. */
  function content(store: Store): string {
    return JSON.stringify([
      store.database.all('SELECT * FROM sessions ORDER BY id'),
      store.database.all('SELECT seq, session_id, ts, kind, text FROM events ORDER BY seq'),
    ]);
  }

  it('moves a store written just before the copy starts; every row is kept and it is then an in-memory database', async () => {
    const sql = await sqlJs();
    const seed = Store.open(sql, undefined, undefined, { resident: true });
    fill(seed, 's1', 4_000);
    const bytes = seed.export();
    seed.close();
    const store = Store.open(sql, bytes);
    const expected = Store.open(sql, bytes);
    assert.match(mainFile(store), /dbfile_/);
    let turns = 0;
    const moved = await moveToResident(sql, store.database, {
      // each turn: a write through the store (and the same write into a store that never moves), then a slice of copying
      yieldControl: async () => {
        turns++;
        for (const s of [store, expected]) {
          fill(s, `w${turns}`, 3);
          s.database.run('UPDATE sessions SET title = ? WHERE id = ?', [`t${turns}`, 's1']);
        }
      },
      now: () => 0,
      sliceMs: 1,
      pagesPerStep: 4,
    }).catch((e: unknown) => e);
    // a clock that never advances never ends a slice: the whole copy ran in one turn
    assert.strictEqual(moved, true);
    assert.strictEqual(turns, 1);
    assert.strictEqual(mainFile(store), '');
    assert.strictEqual(content(store), content(expected));
    expected.close();
    store.close();
  });

  it('copies a few pages per turn, writes in between included, and the moved store exports and reopens whole', async () => {
    const sql = await sqlJs();
    const seed = Store.open(sql, undefined, undefined, { resident: true });
    fill(seed, 's1', 4_000);
    const bytes = seed.export();
    seed.close();
    const store = Store.open(sql, bytes);
    const expected = Store.open(sql, bytes);
    let turns = 0;
    let clock = 0;
    const moved = await moveToResident(sql, store.database, {
      yieldControl: async () => {
        turns++;
        for (const s of [store, expected]) {
          fill(s, `w${turns}`, 2);
          s.database.run('DELETE FROM events WHERE seq = ?', [turns * 7]);
        }
      },
      // every look at the clock is 1 ms later: one step of 4 pages per turn
      now: () => clock++,
      sliceMs: 1,
      pagesPerStep: 4,
    });
    assert.strictEqual(moved, true);
    const pages = store.database.pages().total;
    assert.ok(turns >= pages / 4, `${turns} turns for ${pages} pages`);
    assert.strictEqual(mainFile(store), '');
    assert.strictEqual(content(store), content(expected));
    // the moved store takes writes through new statements and exports the same rows
    fill(store, 'after', 5);
    fill(expected, 'after', 5);
    const reopened = Store.open(sql, store.export());
    assert.strictEqual(content(reopened), content(expected));
    assert.strictEqual(reopened.eventCount('after'), 5);
    reopened.close();
    expected.close();
    store.close();
  });

  it('does nothing for a store already resident; a store closed during the move stays closed and the move gives up', async () => {
    const sql = await sqlJs();
    const resident = Store.open(sql, undefined, undefined, { resident: true });
    const tick = { yieldControl: async () => undefined, now: () => 0 };
    assert.strictEqual(await moveToResident(sql, resident.database, tick), false);
    resident.close();

    const seed = Store.open(sql, undefined, undefined, { resident: true });
    fill(seed, 's1', 2_000);
    const store = Store.open(sql, seed.export());
    seed.close();
    let clock = 0;
    const moved = await moveToResident(sql, store.database, {
      yieldControl: async () => {
        if (clock > 3) {
          store.close();
        }
      },
      now: () => clock++,
      sliceMs: 1,
      pagesPerStep: 1,
    });
    assert.strictEqual(moved, false);
    // the module still opens and moves stores afterwards
    const next = Store.open(sql, undefined);
    assert.strictEqual(await moveToResident(sql, next.database, tick), true);
    assert.strictEqual(mainFile(next), '');
    next.close();
  });

  it('refuses to hand the connection out inside a transaction, and to finish a move that is not complete', async () => {
    const sql = await sqlJs();
    const store = Store.open(sql);
    fill(store, 's1', 500);
    assert.throws(() => store.transaction(() => store.database.useConnection(() => 1)), /inside a transaction/);
    const move = store.database.useConnection((db) => startResidentMove(sql, db));
    assert.ok(move);
    assert.strictEqual(move.step(1), false);
    assert.throws(() => store.database.useConnection((db) => move.finish(db)), /not complete/);
    // abandoned: the store is as it was, still the usual kind, with every row
    assert.match(mainFile(store), /dbfile_/);
    assert.strictEqual(store.eventCount('s1'), 500);
    store.close();
  });
});
