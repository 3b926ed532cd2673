/**
 * The database module of the store: one sql.js (SQLite compiled to WebAssembly) handle with a cache of prepared
 * statements, reused across calls, transactions that nest, and the "changed since the last export" flag the hosts use
 * to decide whether to write the file. Pure module: the sql.js module is passed in by the caller of {@link Store.open}.
 */
import type { Database, SqlValue, Statement } from 'sql.js';

/** One result row: column name to value (`null` for SQL NULL; numbers for INTEGER and REAL; strings for TEXT). */
export type Row = Record<string, SqlValue>;

/** Parameters bound to the `?` placeholders of a statement, in order. */
export type Params = readonly SqlValue[];

/**
 * A sql.js database with reused prepared statements. Not thread-safe (the extension host and the CLI are
 * single-threaded). Every method throws the sql.js `Error` of a failed statement (a bug in our SQL, or a closed handle).
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Statement>();
  private inTransaction = false;
  private changed = false;

  /** @param db an open sql.js database; this object owns it from now on ({@link close} closes it). */
  constructor(private readonly db: Database) {}

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

  /** Pages of the database and free pages among them (`PRAGMA page_count`, `freelist_count`), and the page size in bytes. */
  pages(): { total: number; free: number; size: number } {
    const one = (pragma: string) => Number(this.db.exec(`PRAGMA ${pragma}`)[0]?.values[0]?.[0] ?? 0);
    return { total: one('page_count'), free: one('freelist_count'), size: one('page_size') };
  }

  /** Runs a write statement (INSERT, UPDATE, DELETE) with `params`, through the statement cache; marks the database changed. */
  run(sql: string, params: Params = []): void {
    this.statement(sql).run(params as SqlValue[]);
    this.changed = true;
  }

  /** Runs an INSERT (see {@link run}) and returns the rowid of the new row (`last_insert_rowid()`). */
  insert(sql: string, params: Params = []): number {
    this.run(sql, params);
    return Number(this.get('SELECT last_insert_rowid() AS id')!.id);
  }

  /** The first row of a query, or undefined when it returns none. */
  get(sql: string, params: Params = []): Row | undefined {
    return this.all(sql, params)[0];
  }

  /** A query's number in column `column` of its first row (a COUNT, a MAX), or `fallback` when there is no row or it is NULL. */
  number(sql: string, params: Params = [], column = 'n', fallback = 0): number {
    const v = this.get(sql, params)?.[column];
    return v === undefined || v === null ? fallback : Number(v);
  }

  /** Every row of a query, in the order SQLite returns them. */
  all(sql: string, params: Params = []): Row[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params as SqlValue[]);
      const rows: Row[] = [];
      while (stmt.step()) {
        rows.push(stmt.getAsObject() as Row);
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
    if (this.inTransaction) {
      return fn();
    }
    this.db.run('BEGIN');
    this.inTransaction = true;
    try {
      const out = fn();
      this.db.run('COMMIT');
      return out;
    } catch (e) {
      this.db.run('ROLLBACK');
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  /** The whole database as bytes in the SQLite file format; clears the changed flag. */
  export(): Uint8Array {
    // sql.js frees every prepared statement when it exports; drop ours first so none is used after it was freed.
    this.freeStatements();
    const bytes = this.db.export();
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

  private freeStatements(): void {
    for (const st of this.statements.values()) {
      st.free();
    }
    this.statements.clear();
  }
}
