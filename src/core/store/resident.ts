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
