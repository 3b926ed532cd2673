/**
 * A sql.js database whose pages live in WebAssembly memory (an SQLite `:memory:` connection) instead of in a file of
 * Emscripten's in-memory file system, which is where `new SQL.Database()` keeps them. Pure module: the sql.js module is
 * passed in.
 *
 * Why: that file is one JavaScript `Uint8Array`, and every time the database outgrows it, the file system allocates one
 * 1.125 times as large and copies the whole file into it, synchronously, inside the COMMIT that wrote past its end
 * (sql.js 1.16.0's MEMFS `write`). The copy's cost is the fresh memory it touches: measured on the 2-core bench machine
 * (a VM, about 10 ms per MB of memory touched for the first time), a 1 GB catch-up's store of 63 MB grew its file about
 * 35 times, and each COMMIT that did so held the thread 150-700 ms once the file passed 20 MB. SQLite's own in-memory
 * database takes one page at a time from the WebAssembly heap, whose growth maps memory without copying it, so the same
 * writes touch each page once, when they fill it.
 *
 * How, with what sql.js 1.16.0 exports: `sqlite3_open(':memory:')` through `_sqlite3_open`, the handle read back from the
 * WebAssembly memory (sql.js does not export its heap views; the memory is the one whose `grow` runs while a large
 * `_malloc` asks for more), the database's `db` handle replaced by it, and persisted bytes copied in with SQLite's backup
 * API (`_sqlite3_backup_*`). `Database.export` already copies out through the backup API, so it works on either kind.
 * A database opened here has no file under its `filename`: it cannot be the one another database ATTACHes (the merge
 * attaches a copy it opens from bytes, never the store itself).
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { SqlDatabase } from './database';

/** The functions sql.js 1.16.0 exports from its WebAssembly module that this file uses (pointers are byte offsets). */
interface SqlJsExports {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  stringToNewUTF8(s: string): number;
  _sqlite3_open(filenamePtr: number, dbOutPtr: number): number;
  _sqlite3_close_v2(db: number): number;
  _sqlite3_backup_init(dest: number, destNamePtr: number, source: number, sourceNamePtr: number): number;
  _sqlite3_backup_step(backup: number, pages: number): number;
  _sqlite3_backup_finish(backup: number): number;
  _RegisterExtensionFunctions?(db: number): number;
}

/** sql.js's `Database` as far as this file reaches into it: the SQLite handle (a pointer) its methods use. */
interface DatabaseHandle {
  db: number;
}

/** A `WebAssembly.Memory`, as far as this file uses one (the core is compiled without the DOM's and Node's types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

/** The `WebAssembly.Memory` prototype of this JavaScript host, if it has WebAssembly. */
function memoryPrototype(): WasmMemory | undefined {
  return (globalThis as unknown as { WebAssembly?: { Memory?: { prototype: WasmMemory } } }).WebAssembly?.Memory?.prototype;
}

const SQLITE_OK = 0;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_DONE = 101;

/** The WebAssembly memory of each sql.js module, once found. */
const memories = new WeakMap<object, WasmMemory>();

/** True when the sql.js module exports what {@link openResident} needs. */
function exportsOf(sql: SqlJsStatic): SqlJsExports | undefined {
  const x = sql as unknown as Partial<SqlJsExports>;
  const names: (keyof SqlJsExports)[] = [
    '_malloc',
    '_free',
    'stringToNewUTF8',
    '_sqlite3_open',
    '_sqlite3_close_v2',
    '_sqlite3_backup_init',
    '_sqlite3_backup_step',
    '_sqlite3_backup_finish',
  ];
  return names.every((n) => typeof x[n] === 'function') ? (x as SqlJsExports) : undefined;
}

/**
 * The module's WebAssembly memory: the `WebAssembly.Memory` whose `grow` runs while `_malloc` asks for more than the
 * heap has (tried with 32, 64, ... 1,024 MB until one grows; each block is freed at once, and growing only maps memory:
 * none of it is touched). `grow` is wrapped only for the length of that synchronous call. Undefined if none grew.
 */
function memoryOf(sql: SqlJsStatic, x: SqlJsExports): WasmMemory | undefined {
  const known = memories.get(sql);
  const proto = memoryPrototype();
  if (known || !proto) {
    return known;
  }
  const grow = proto.grow;
  const grew: WasmMemory[] = [];
  for (let mb = 32; grew.length === 0 && mb <= 1024; mb *= 2) {
    let ptr = 0;
    proto.grow = function (this: WasmMemory, delta: number): number {
      grew.push(this);
      return grow.call(this, delta);
    };
    try {
      ptr = x._malloc(mb * 1024 * 1024);
    } finally {
      proto.grow = grow;
    }
    if (ptr) {
      x._free(ptr);
    }
  }
  const found = grew[0];
  if (found) {
    memories.set(sql, found);
  }
  return found;
}

/** Opens an SQLite `:memory:` connection; returns its handle. */
function openMemoryConnection(x: SqlJsExports, memory: WasmMemory): number {
  const name = x.stringToNewUTF8(':memory:');
  const out = x._malloc(4);
  try {
    const rc = x._sqlite3_open(name, out);
    const handle = new DataView(memory.buffer).getUint32(out, true);
    if (rc !== SQLITE_OK || handle === 0) {
      if (handle) {
        x._sqlite3_close_v2(handle);
      }
      throw new Error(`sqlite3_open(':memory:') failed (${rc})`);
    }
    x._RegisterExtensionFunctions?.(handle);
    return handle;
  } finally {
    x._free(name);
    x._free(out);
  }
}

/** Copies every page of `source`'s main database into `dest`'s (both handles). @throws Error when SQLite refuses */
function copyInto(x: SqlJsExports, dest: number, source: number): void {
  const main = x.stringToNewUTF8('main');
  try {
    const backup = x._sqlite3_backup_init(dest, main, source, main);
    if (!backup) {
      throw new Error('sqlite3_backup_init failed');
    }
    const step = x._sqlite3_backup_step(backup, -1);
    const finish = x._sqlite3_backup_finish(backup);
    if (step !== SQLITE_DONE || finish !== SQLITE_OK) {
      throw new Error(`the database could not be read (backup step ${step}, finish ${finish})`);
    }
  } finally {
    x._free(main);
  }
}

/**
 * Opens a database whose pages live in WebAssembly memory: empty, or holding a copy of `bytes` (SQLite file format).
 * Returns undefined when this sql.js build does not export what it takes (the caller then opens one the usual way).
 * @throws Error when `bytes` are not a database SQLite can read (nothing stays open)
 */
export function openResident(sql: SqlJsStatic, bytes?: Uint8Array): Database | undefined {
  const x = exportsOf(sql);
  const memory = x && memoryOf(sql, x);
  if (!x || !memory) {
    return undefined;
  }
  const db = new sql.Database();
  const target = db as unknown as DatabaseHandle;
  const handle = openMemoryConnection(x, memory);
  let source: Database | undefined;
  try {
    if (bytes && bytes.length > 0) {
      source = new sql.Database(bytes);
      copyInto(x, handle, (source as unknown as DatabaseHandle).db);
    }
  } catch (e) {
    x._sqlite3_close_v2(handle);
    db.close();
    throw e;
  } finally {
    source?.close();
  }
  // The empty file's connection is closed and the in-memory one takes its place; close() closes it and removes the file.
  x._sqlite3_close_v2(target.db);
  target.db = handle;
  return db;
}

/** True when the database's main pages live in WebAssembly memory (SQLite names no file behind it). */
export function isResident(db: Database): boolean {
  const rows = db.exec('PRAGMA database_list')[0];
  const main = rows?.values.find((r) => r[1] === 'main');
  return main !== undefined && (main[2] === '' || main[2] === null);
}

/**
 * A move of a database kept in a file of sql.js's in-memory file system into WebAssembly memory, a few pages at a
 * time: SQLite's backup API copies its pages into a new `:memory:` connection (what the database's own connection
 * writes meanwhile SQLite copies to the new one itself, so the copy stays exact), then {@link finish} puts the new
 * connection in the old one's place and empties the old file. Made by {@link startResidentMove}.
 */
export class ResidentMove {
  private backup: number;
  private readonly main: number;
  private done = false;

  /** @internal use {@link startResidentMove} */
  constructor(
    private readonly x: SqlJsExports,
    private readonly target: DatabaseHandle,
    private readonly source: number,
    private readonly dest: number,
  ) {
    this.main = x.stringToNewUTF8('main');
    this.backup = x._sqlite3_backup_init(dest, this.main, source, this.main);
    if (!this.backup) {
      this.release();
      throw new Error('sqlite3_backup_init failed');
    }
  }

  /** False once the database was closed, or its connection replaced, since the move started (the move is then void). */
  get valid(): boolean {
    return this.target.db === this.source;
  }

  /**
   * Copies up to `pages` more pages (at least one). Returns true once every page is copied ({@link finish} may then
   * run); false when pages are left, or SQLite was busy (try again in a later turn).
   * @throws Error when SQLite fails or the database was closed (the move is abandoned: nothing changed)
   */
  step(pages: number): boolean {
    if (this.done) {
      return true;
    }
    if (!this.backup || !this.valid) {
      this.abort();
      throw new Error('the database was closed or replaced during the move');
    }
    const rc = this.x._sqlite3_backup_step(this.backup, Math.max(1, Math.floor(pages)));
    if (rc === SQLITE_DONE) {
      this.done = true;
      return true;
    }
    if (rc === SQLITE_OK || rc === SQLITE_BUSY || rc === SQLITE_LOCKED) {
      return false;
    }
    this.abort();
    throw new Error(`the database could not be copied (backup step ${rc})`);
  }

  /**
   * Puts the copy in place: the database's connection becomes the in-memory one and the old file is emptied and its
   * connection closed. Call with `db` the moved database (as {@link SqlDatabase.useConnection} hands it), outside any
   * transaction, with no prepared statement of the old connection alive, and in the same turn as the {@link step}
   * that returned true (a write in between would be copied too, but the copy is only known complete at that step).
   * @throws Error when the copy is not complete, or `db` is not the moved database (the move is abandoned)
   */
  finish(db: Database): void {
    if (!this.done || (db as unknown as DatabaseHandle) !== this.target || !this.valid) {
      this.abort();
      throw new Error('the move is not complete');
    }
    const rc = this.x._sqlite3_backup_finish(this.backup);
    this.backup = 0;
    if (rc !== SQLITE_OK) {
      this.release();
      throw new Error(`the database could not be copied (backup finish ${rc})`);
    }
    this.target.db = this.dest;
    emptyFile(this.x, this.source);
    this.x._sqlite3_close_v2(this.source);
    this.x._free(this.main);
  }

  /** Abandons the move: the database stays as it was. Harmless after {@link finish} or a failure. */
  abort(): void {
    if (this.backup) {
      this.x._sqlite3_backup_finish(this.backup);
      this.backup = 0;
      this.release();
    }
  }

  private release(): void {
    this.x._sqlite3_close_v2(this.dest);
    this.x._free(this.main);
  }
}

/**
 * Writes an empty database over the one of connection `handle` (its file shrinks to one page, so sql.js's in-memory
 * file system lets go of the old file's bytes). Best effort: a failure leaves the file as it was.
 */
function emptyFile(x: SqlJsExports, handle: number): void {
  const memory = memories.get(x as unknown as object);
  if (!memory) {
    return;
  }
  const empty = openMemoryConnection(x, memory);
  try {
    copyInto(x, handle, empty);
  } catch {
    // the old file keeps its bytes until the database is closed
  } finally {
    x._sqlite3_close_v2(empty);
  }
}

/**
 * Starts moving `db` (a sql.js database of module `sql`, kept in a file of its in-memory file system) into WebAssembly
 * memory. Returns undefined when it already lives there, or this sql.js build does not export what it takes.
 * @throws Error when SQLite cannot open the in-memory connection or start the copy
 */
export function startResidentMove(sql: SqlJsStatic, db: Database): ResidentMove | undefined {
  const x = exportsOf(sql);
  const memory = x && memoryOf(sql, x);
  if (!x || !memory || isResident(db)) {
    return undefined;
  }
  const target = db as unknown as DatabaseHandle;
  return new ResidentMove(x, target, target.db, openMemoryConnection(x, memory));
}

/** Options of {@link moveToResident}. */
export interface ResidentMoveOptions {
  /** Resolves once control has gone back to the event loop (setImmediate in the hosts); must not reject. */
  yieldControl: () => Promise<void>;
  /** Clock (ms). */
  now: () => number;
  /** Copying allowed per turn of the event loop (ms; default 8). */
  sliceMs?: number;
  /** Pages copied per backup step, between two looks at the clock (default 8: 32 KiB of 4 KiB pages). */
  pagesPerStep?: number;
}

/**
 * Moves the store's database into WebAssembly memory in slices of at most about `sliceMs` per turn of the event loop,
 * while the store keeps serving reads and writes: a store opened from its file then grows without sql.js's
 * whole-file copies (see the top of this file). Resolves to true when it moved, false when there was nothing to do
 * (already resident, a sql.js build without the exports) or the store was closed meanwhile.
 * @throws Error when SQLite fails (the store stays as it was)
 */
export async function moveToResident(sql: SqlJsStatic, database: SqlDatabase, options: ResidentMoveOptions): Promise<boolean> {
  const sliceMs = options.sliceMs ?? 8;
  const pages = options.pagesPerStep ?? 8;
  const move = database.useConnection((db) => startResidentMove(sql, db));
  if (!move) {
    return false;
  }
  try {
    for (;;) {
      await options.yieldControl();
      if (!move.valid) {
        move.abort();
        return false;
      }
      if (database.inTransaction) {
        continue;
      }
      const start = options.now();
      let done: boolean;
      do {
        done = move.step(pages);
      } while (!done && options.now() - start < sliceMs);
      if (done) {
        database.useConnection((db) => move.finish(db));
        return true;
      }
    }
  } catch (e) {
    move.abort();
    throw e;
  }
}
