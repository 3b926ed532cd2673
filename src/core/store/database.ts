/**
 * The database module of the store: one sql.js (SQLite compiled to WebAssembly) handle with a cache of prepared
 * statements, reused across calls, transactions that nest, the caches that live for one transaction
 * ({@link TransactionCache}), and the "changed since the last export" flag the hosts use to decide whether to write the
 * file. Pure module: the sql.js module is passed in by the caller of {@link Store.open}.
 *
 * Speed (docs/performance.md): the connection keeps its rollback journal in memory (`journal_mode = MEMORY`): sql.js
 * keeps the database in an in-memory file of Emscripten's file system, where a journal file would be created, written
 * and deleted through JavaScript on every commit. Rollback works as before; the file on disk is written only by
 * persistence, from {@link SqlDatabase.export}, so a crash never leaves a half-written journal behind.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import type { ExportBuffer } from './exportBuffer';

export type { SqlValue } from 'sql.js';

/** One result row: column name to value (`null` for SQL NULL; numbers for INTEGER and REAL; strings for TEXT). */
export type Row = Record<string, SqlValue>;

/** Parameters bound to the `?` placeholders of a statement, in order. */
export type Params = readonly SqlValue[];

/**
 * A cache a repository keeps for the length of one transaction (rows it read, changes it will write back in one
 * statement). Its own statements pass it as `owner`. Any other statement that names one of its `tables` first makes
 * it {@link flush} (so a query sees the rows as they are), and a write also makes it {@link clear} (so it never holds
 * a row someone else changed): a repository that caches stays exact whatever else runs in the transaction.
 */
export interface TransactionCache {
  /** The tables the cache holds rows of. */
  readonly tables: readonly string[];
  /** Writes back what the cache changed, before the commit, an export, or another's statement on its tables. */
  flush(): void;
  /** Forgets everything: after the commit or the rollback, and after another's write to its tables. */
  clear(): void;
}

/** An owner's statement: issued by this cache (its reads and writes do not invalidate it). */
export type CacheOwner = TransactionCache | undefined;

const utf8 = new TextEncoder();

/** True when `s` has no lone surrogate (its UTF-8 bytes and SQLite's conversion of it agree). */
export function isWellFormed(s: string): boolean {
  const f = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return f ? f.call(s) : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/**
 * A parameter for a `CAST(? AS TEXT)` placeholder: well-formed text of 32 characters or more as its UTF-8 bytes, else
 * the value itself. sql.js copies bytes into WebAssembly in one call but converts a string character by character in
 * JavaScript (about 20 ns a character: 80 µs for a 4,000-character tool result); SQLite stores the same TEXT either way.
 */
export function textParam(s: string | null | undefined): SqlValue {
  if (s === undefined || s === null) {
    return null;
  }
  return s.length >= 32 && isWellFormed(s) ? utf8.encode(s) : s;
}

/** Connection settings applied on open (they are not stored in the file). */
const CONNECTION_PRAGMAS = 'PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY; PRAGMA synchronous = OFF;';

/**
 * A sql.js database with reused prepared statements. Not thread-safe (the extension host and the CLI are
 * single-threaded). Every method throws the sql.js `Error` of a failed statement (a bug in our SQL, or a closed handle).
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Statement>();
  /** Per statement text: its result's column names, read once (forgotten with the statements and on schema work). */
  private readonly columnNames = new Map<string, string[]>();
  private readonly caches: TransactionCache[] = [];
  /** Per statement text: the caches whose tables it names. */
  private readonly watchers = new Map<string, TransactionCache[]>();
  private inTx = false;
  private changed = false;

  /** @param db an open sql.js database; this object owns it from now on ({@link close} closes it). */
  constructor(private readonly db: Database) {
    db.exec(CONNECTION_PRAGMAS);
  }

  /** True inside {@link transaction}: the time {@link TransactionCache}s may hold rows. */
  get inTransaction(): boolean {
    return this.inTx;
  }

  /** Registers a cache flushed before each commit and cleared after it (see {@link TransactionCache}). */
  addTransactionCache(cache: TransactionCache): void {
    this.caches.push(cache);
    this.watchers.clear();
  }

  /** True when a write ({@link run}, {@link insert}, {@link write}) happened since the last {@link export} or {@link markClean}. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Clears the changed flag (after a merge that only brought in what the store file already holds). */
  markClean(): void {
    this.changed = false;
  }

  /** Sets the changed flag (after a write of the exported bytes failed: they must be written again). */
  markDirty(): void {
    this.changed = true;
  }

  /**
   * Runs statements without parameters and without the cache, as a change of the data (the merge's INSERT ... SELECT
   * statements across attached databases). Returns how many rows they inserted, updated or deleted.
   */
  write(sql: string): number {
    this.invalidateCaches();
    this.columnNames.clear();
    const before = this.totalChanges();
    this.db.exec(sql);
    const n = this.totalChanges() - before;
    if (n > 0) {
      this.changed = true;
    }
    return n;
  }

  /**
   * Attaches `other` (another sql.js database of the same sql.js module) under the schema name `schema`, so one
   * statement can read both (`other_schema.table`); {@link detach} ends it. sql.js keeps each database in a file of its
   * in-memory file system, named by the database's `filename` property, which is what ATTACH opens.
   * @throws Error when `other` has no such file name (a sql.js build that changed this), or SQLite's error.
   */
  attach(other: SqlDatabase, schema: string): void {
    this.freeStatements();
    this.db.exec(`ATTACH '${other.fileName().replace(/'/g, "''")}' AS ${schema}`);
  }

  /** Detaches a database attached with {@link attach}. */
  detach(schema: string): void {
    this.freeStatements();
    this.db.exec(`DETACH ${schema}`);
  }

  /** `VACUUM`: rewrites the database without its free pages. Must not run inside a transaction. */
  vacuum(): void {
    this.freeStatements();
    this.db.exec('VACUUM');
  }

  /**
   * Hands the sql.js database to `fn` outside any transaction, with none of the prepared statements alive, so that `fn`
   * may replace its connection (./resident.ts moves a store's pages into WebAssembly memory); the connection settings
   * are applied again to the connection it leaves. Returns what `fn` returns.
   * @throws Error inside a transaction; what `fn` throws
   */
  useConnection<T>(fn: (db: Database) => T): T {
    if (this.inTx) {
      throw new Error('The connection cannot be handed out inside a transaction');
    }
    this.freeStatements();
    try {
      return fn(this.db);
    } finally {
      this.db.exec(CONNECTION_PRAGMAS);
    }
  }

  /** Pages of the database and free pages among them (`PRAGMA page_count`, `freelist_count`), and the page size in bytes. */
  pages(): { total: number; free: number; size: number } {
    const one = (pragma: string) => Number(this.db.exec(`PRAGMA ${pragma}`)[0]?.values[0]?.[0] ?? 0);
    return { total: one('page_count'), free: one('freelist_count'), size: one('page_size') };
  }

  /** Runs a write statement (INSERT, UPDATE, DELETE) with `params`, through the statement cache; marks the database changed. */
  run(sql: string, params: Params = [], owner?: CacheOwner): void {
    this.guard(sql, owner, true);
    this.statement(sql).run(params as SqlValue[]);
    this.changed = true;
  }

  /** Runs an INSERT (see {@link run}) and returns the rowid of the new row (`last_insert_rowid()`). */
  insert(sql: string, params: Params = [], owner?: CacheOwner): number {
    this.run(sql, params, owner);
    const stmt = this.statement('SELECT last_insert_rowid()');
    try {
      stmt.step();
      return Number(stmt.get()[0]);
    } finally {
      stmt.reset();
    }
  }

  /** The first row of a query, or undefined when it returns none. */
  get(sql: string, params: Params = [], owner?: CacheOwner): Row | undefined {
    return this.all(sql, params, owner)[0];
  }

  /** A query's number in column `column` of its first row (a COUNT, a MAX), or `fallback` when there is no row or it is NULL. */
  number(sql: string, params: Params = [], column = 'n', fallback = 0): number {
    const v = this.get(sql, params)?.[column];
    return v === undefined || v === null ? fallback : Number(v);
  }

  /**
   * Every row of a query, in the order SQLite returns them. The column names are read once per statement, not once per
   * row as sql.js's `getAsObject` does (a call into WebAssembly and a string conversion per column of every row); of two
   * columns with one name, the later one's value is kept, as there.
   */
  all(sql: string, params: Params = [], owner?: CacheOwner): Row[] {
    this.guard(sql, owner, false);
    const stmt = this.statement(sql);
    try {
      stmt.bind(params as SqlValue[]);
      const rows: Row[] = [];
      let names: string[] | undefined;
      while (stmt.step()) {
        names ??= this.namesOf(sql, stmt);
        const values = stmt.get();
        const row: Row = {};
        for (let i = 0; i < names.length; i++) {
          row[names[i]] = values[i];
        }
        rows.push(row);
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  /**
   * Every row of a query as its column values, in the order of the statement's result columns: no object per row, for
   * the reads of many rows that name their columns (the first snapshot's).
   */
  values(sql: string, params: Params = [], owner?: CacheOwner): SqlValue[][] {
    this.guard(sql, owner, false);
    const stmt = this.statement(sql);
    try {
      stmt.bind(params as SqlValue[]);
      const rows: SqlValue[][] = [];
      while (stmt.step()) {
        rows.push(stmt.get());
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  /**
   * Runs one or more statements without parameters and without the cache (schema changes, PRAGMAs). Does not mark the
   * database changed: schema work done on open is not a change of the data.
   */
  exec(sql: string): void {
    this.invalidateCaches();
    this.columnNames.clear();
    this.db.exec(sql);
  }

  /** The names of the columns of `table` (empty when the table does not exist). */
  columns(table: string): string[] {
    const info = this.db.exec(`PRAGMA table_info(${table})`)[0];
    return info ? info.values.map((v) => String(v[1])) : [];
  }

  /** True when a table named `table` exists. */
  hasTable(table: string): boolean {
    return this.db.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${table.replace(/'/g, "''")}'`).length > 0;
  }

  /** `PRAGMA user_version`: the schema version the migrations recorded (0 in a file that never had one). */
  get userVersion(): number {
    return Number(this.db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  }

  /** Sets `PRAGMA user_version` (a non-negative integer); inside a transaction it commits or rolls back with it. */
  set userVersion(version: number) {
    this.db.exec(`PRAGMA user_version = ${Math.max(0, Math.trunc(version))}`);
  }

  /**
   * Runs `fn` in one SQLite transaction: committed when it returns, rolled back when it throws (the error is rethrown).
   * A nested call joins the outer transaction. Returns what `fn` returns.
   */
  transaction<T>(fn: () => T): T {
    if (this.inTx) {
      return fn();
    }
    this.db.run('BEGIN');
    this.inTx = true;
    try {
      const out = fn();
      this.flushCaches();
      this.db.run('COMMIT');
      return out;
    } catch (e) {
      this.db.run('ROLLBACK');
      throw e;
    } finally {
      this.inTx = false;
      for (const c of this.caches) {
        c.clear();
      }
    }
  }

  /** The whole database as bytes in the SQLite file format; clears the changed flag. `into`: see {@link ExportBuffer}. */
  export(into?: ExportBuffer): Uint8Array {
    this.flushCaches();
    // sql.js frees every prepared statement when it exports; drop ours first so none is used after it was freed.
    this.freeStatements();
    const bytes = into ? into.export(this.db) : this.db.export();
    this.changed = false;
    return bytes;
  }

  /** Frees the statements and closes the handle; the object must not be used afterwards. */
  close(): void {
    this.freeStatements();
    this.db.close();
  }

  private totalChanges(): number {
    return Number(this.db.exec('SELECT total_changes()')[0]?.values[0]?.[0] ?? 0);
  }

  private fileName(): string {
    const name = (this.db as unknown as { filename?: unknown }).filename;
    if (typeof name !== 'string' || name === '') {
      throw new Error('This sql.js build does not name its database files: stores cannot be merged');
    }
    return name;
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** The result column names of a prepared statement (a `SELECT *` names new columns after a schema change: see {@link exec}). */
  private namesOf(sql: string, stmt: Statement): string[] {
    let names = this.columnNames.get(sql);
    if (!names) {
      names = stmt.getColumnNames();
      this.columnNames.set(sql, names);
    }
    return names;
  }

  private flushCaches(): void {
    for (const c of this.caches) {
      c.flush();
    }
  }

  /** Before a statement without parameters (schema, merge): every cache writes back and forgets. */
  private invalidateCaches(): void {
    this.flushCaches();
    for (const c of this.caches) {
      c.clear();
    }
  }

  /** Before a statement of `owner` (undefined: nobody's): the other caches of the tables it names flush, and clear if it writes. */
  private guard(sql: string, owner: CacheOwner, write: boolean): void {
    if (!this.inTx || this.caches.length === 0) {
      return;
    }
    let list = this.watchers.get(sql);
    if (!list) {
      list = this.caches.filter((c) => c.tables.some((t) => new RegExp(`\\b${t}\\b`).test(sql)));
      this.watchers.set(sql, list);
    }
    for (const c of list) {
      if (c !== owner) {
        c.flush();
        if (write) {
          c.clear();
        }
      }
    }
  }

  private freeStatements(): void {
    for (const st of this.statements.values()) {
      st.free();
    }
    this.statements.clear();
    this.columnNames.clear();
  }
}
