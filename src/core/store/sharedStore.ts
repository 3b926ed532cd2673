/**
 * One store file, many processes (docs/store.md): every VS Code window and every CLI process keeps the store in memory
 * and writes it to the one file by merge-on-write under a lock. A {@link SharedStore.sync} takes the lock, reads the
 * file when another process wrote it since this one last looked, merges its rows into this process's store
 * (./merge.ts), writes the result atomically when this process has changes of its own, and releases the lock; so each
 * process also ends up with what the others did.
 *
 * Whether the file changed is told by a small version blob beside it (`<name>.version`, "<writer id>:<generation>"),
 * written before the data is renamed into place: reading it is cheap, so processes can look every few seconds. The
 * store records who wrote it (table `meta`: `writer`, and `seq_base_writer`/`seq_base`, the copy it started from), so a
 * merge of a writer's file looks only at the events that writer added since the last merge of its file. Pure module:
 * file access through the {@link BlobStorage} and {@link BlobLock} ports.
 */
import type { SqlJsStatic } from 'sql.js';
import { ExportBuffer } from './exportBuffer';
import { mergeStore } from './merge';
import { BlobLock, BlobStorage, corruptBlobName, openStoreBlob } from './persistence';
import { pruneEndedSessions } from './retention';
import { CorruptStoreError, SCHEMA_VERSION, Store } from './store';

/** Suffix of the version blob beside the store blob. */
export const VERSION_SUFFIX = '.version';

/** Options of {@link SharedStore}. */
export interface SharedStoreOptions {
  /** Epoch ms clock (the name of a corrupt file moved aside). Default `Date.now`. */
  now?: () => number;
  /** This process's writer id (default: random). Only letters, digits, `-` and `_`. */
  writerId?: string;
  /** Free space (bytes) from which a write first gives free pages back with VACUUM (default 1 MiB; see {@link compactStore}). */
  vacuumFromBytes?: number;
  /**
   * Yields the host's thread for a turn of its event loop. Given, the buffer saves export into is allocated ahead of the
   * saves that need it, a slice per turn (./exportBuffer.ts): on open, and when the store grows near its size.
   */
  nextTurn?: () => Promise<void>;
}

/** What one {@link SharedStore.sync} did. */
export interface SyncResult {
  /** Rows another process wrote were brought into this process's store (its views should refresh). */
  merged: boolean;
  /** This process wrote the file. */
  wrote: boolean;
  /**
   * The file was written by a newer Session Doctor (a higher schema version): nothing was merged or written, and this
   * process's changes stay in memory (still dirty).
   */
  newer: boolean;
  /** The file was not a readable store: the name it was moved aside to (this process's store was then written). */
  movedAside?: string;
}

/** Meta keys of the shared file. */
const WRITER = 'writer';
const BASE_WRITER = 'seq_base_writer';
const BASE_SEQ = 'seq_base';

/**
 * Gives a store's free pages back (VACUUM) when they are at least `minFreeBytes` and a quarter of its pages, so the
 * written file shrinks after retention deleted rows. Returns true when it vacuumed. Not inside a transaction.
 */
export function compactStore(store: Store, minFreeBytes = 1 << 20): boolean {
  const p = store.database.pages();
  if (p.free * p.size < minFreeBytes || p.free * 4 < p.total) {
    return false;
  }
  store.database.vacuum();
  return true;
}

/** A random writer id: 8 base-36 characters of randomness and the time. */
function randomWriterId(now: number): string {
  return `${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}${now.toString(36)}`;
}

/** The store of one process over the shared store blob. Not thread-safe; {@link sync} calls are serialized. */
export class SharedStore {
  /** This process's writer id (in the version blob and the store's `meta`). */
  readonly writerId: string;
  private readonly now: () => number;
  private readonly vacuumFrom: number;
  /** The version blob's content when this process last read or wrote the file; undefined: never looked. */
  private knownVersion: string | undefined;
  /** Per writer id: the largest event sequence number of that writer's rows this store holds. */
  private readonly seen = new Map<string, number>();
  /** The writer and largest sequence number of the file this store was opened from (its rows up to there are that writer's). */
  private base: { writer: string; seq: number } | undefined;
  private generation = 0;
  private leftoversRemoved = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The buffer each write's export is written into (./exportBuffer.ts): writes are serialized, one in flight at most. */
  private readonly saves = new ExportBuffer();
  private readonly nextTurn: (() => Promise<void>) | undefined;

  private constructor(
    readonly store: Store,
    private readonly sql: SqlJsStatic,
    private readonly storage: BlobStorage,
    private readonly lock: BlobLock,
    /** The store blob's name. */
    readonly name: string,
    options: SharedStoreOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.writerId = options.writerId ?? randomWriterId(this.now());
    this.vacuumFrom = options.vacuumFromBytes ?? 1 << 20;
    this.nextTurn = options.nextTurn;
    this.reserveSaves();
  }

  /** The export buffer of the saves to come, allocated ahead when a turn-yielding host was given: room for a tenth more. */
  private reserveSaves(): void {
    if (this.nextTurn) {
      const p = this.store.database.pages();
      void this.saves.reserve(Math.ceil(p.total * p.size * 1.1), this.nextTurn);
    }
  }

  /**
   * Opens the store in blob `name` as {@link openStoreBlob} does (a new store when there is none; an unreadable one
   * moved aside), without the lock (the file is only ever replaced whole). Nothing is written until {@link sync}.
   * `sql` may be the promise of the sql.js module: the file is read while its WebAssembly compiles.
   * @throws the storage's I/O errors (other than "not found"); the rejection of `sql`
   */
  static async open(
    sql: SqlJsStatic | PromiseLike<SqlJsStatic>,
    storage: BlobStorage,
    lock: BlobLock,
    name: string,
    options: SharedStoreOptions = {},
  ): Promise<{ shared: SharedStore; existed: boolean; movedAside?: string }> {
    const now = options.now ?? (() => Date.now());
    // A rejection of `sql` is thrown by the awaits below; this only keeps it from being unhandled when a read fails first.
    Promise.resolve(sql).catch(() => undefined);
    // The version first: if a writer replaces the file in between, the next sync merges it again (harmless).
    const version = await readVersion(storage, name);
    const opened = await openStoreBlob(sql, storage, name, now());
    const shared = new SharedStore(opened.store, await sql, storage, lock, name, options);
    if (opened.existed) {
      shared.knownVersion = version;
      shared.adoptLineage(opened.store);
    }
    return { shared, existed: opened.existed, ...(opened.movedAside ? { movedAside: opened.movedAside } : {}) };
  }

  /** Shares a store that was not opened from the blob (an in-memory store saved to a file): its first sync merges the file. */
  static attach(
    store: Store,
    sql: SqlJsStatic,
    storage: BlobStorage,
    lock: BlobLock,
    name: string,
    options: SharedStoreOptions = {},
  ): SharedStore {
    return new SharedStore(store, sql, storage, lock, name, options);
  }

  /**
   * Brings the file and this process's store together: when another process wrote the file since this one last
   * looked, its rows are merged in; when this store has changes (or `force`, or there is no file yet), the merged store
   * is written (atomically: a temporary blob renamed over the file). Costs one read of the small version blob when
   * nothing changed anywhere. Calls are serialized.
   * @throws LockBusyError when another process holds the lock too long (try again later); the storage's I/O errors
   *   (a full disk, a read-only folder: this store's changes stay in memory, still dirty, for the next sync)
   */
  sync(options: { force?: boolean } = {}): Promise<SyncResult> {
    const run = this.queue.then(() => this.syncNow(options.force ?? false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow(force: boolean): Promise<SyncResult> {
    const result: SyncResult = { merged: false, wrote: false, newer: false };
    if (this.store.database.userVersion > SCHEMA_VERSION) {
      // Opened from a newer Session Doctor's file: this code must not write that schema.
      return { ...result, newer: true };
    }
    if (!force && !this.store.dirty && (await readVersion(this.storage, this.name)) === this.knownVersion) {
      return result;
    }
    const release = await this.lock.acquire(this.name);
    try {
      await this.removeLeftovers();
      const version = await readVersion(this.storage, this.name);
      let exists: boolean | undefined;
      if (version !== this.knownVersion) {
        const bytes = await this.storage.read(this.name);
        exists = bytes !== undefined;
        // From here to the merge's end nothing awaits: the engine cannot write in between.
        const ownChanges = this.store.dirty;
        if (bytes) {
          await this.mergeFile(bytes, result);
          if (result.newer) {
            return result;
          }
        }
        if (!ownChanges) {
          this.store.database.markClean();
        }
        this.knownVersion = version;
      }
      exists ??= await this.storage.exists(this.name);
      if (this.store.dirty || force || !exists || result.movedAside) {
        await this.write();
        result.wrote = true;
      }
      return result;
    } finally {
      await release();
    }
  }

  /** Merges the file's bytes into this store; a file that is not a store is moved aside. */
  private async mergeFile(bytes: Uint8Array, result: SyncResult): Promise<void> {
    let other: Store;
    try {
      other = Store.open(this.sql, bytes);
    } catch (e) {
      if (!(e instanceof CorruptStoreError)) {
        throw e;
      }
      result.movedAside = corruptBlobName(this.name, this.now());
      await this.storage.rename(this.name, result.movedAside);
      return;
    }
    try {
      if (other.database.userVersion > SCHEMA_VERSION) {
        result.newer = true;
        return;
      }
      const writer = other.meta.get(WRITER);
      const merged = mergeStore(this.store, other, { sinceSeq: this.knownSeqOf(other, writer) });
      result.merged = merged.changes > 0;
      this.noteSeen(other, writer, merged.maxSeq);
    } finally {
      other.close();
    }
  }

  /** Up to which sequence number this store already holds the events of a file written by `writer`. */
  private knownSeqOf(file: Store, writer: string | undefined): number {
    if (!writer) {
      return 0;
    }
    const known = this.seen.get(writer);
    if (known !== undefined) {
      return known;
    }
    // A writer new to this process: its rows up to its base are its base writer's, which may be known.
    const baseWriter = file.meta.get(BASE_WRITER);
    const baseSeq = Number(file.meta.get(BASE_SEQ) ?? 0);
    return baseWriter && Number.isFinite(baseSeq) && (this.seen.get(baseWriter) ?? -1) >= baseSeq ? baseSeq : 0;
  }

  /** Records that this store holds the events of `writer`'s file up to `maxSeq` (and so those of its base). */
  private noteSeen(file: Store, writer: string | undefined, maxSeq: number): void {
    if (!writer) {
      return;
    }
    this.seen.set(writer, Math.max(this.seen.get(writer) ?? 0, maxSeq));
    const baseWriter = file.meta.get(BASE_WRITER);
    const baseSeq = Number(file.meta.get(BASE_SEQ) ?? 0);
    if (baseWriter && Number.isFinite(baseSeq)) {
      this.seen.set(baseWriter, Math.max(this.seen.get(baseWriter) ?? 0, baseSeq));
    }
  }

  /** This store is a copy of the file it was opened from: that file's writer's events are all known. */
  private adoptLineage(opened: Store): void {
    const writer = opened.meta.get(WRITER);
    const maxSeq = opened.database.number('SELECT MAX(seq) AS n FROM events');
    if (writer) {
      this.base = { writer, seq: maxSeq };
      this.noteSeen(opened, writer, maxSeq);
    }
  }

  /**
   * Writes this store: the sessions retention is done with are deleted (./retention.ts; once the engine has pruned),
   * free pages given back when worthwhile, then the version blob, then the data through a temporary blob renamed into place.
   */
  private async write(): Promise<void> {
    const version = `${this.writerId}:${++this.generation}`;
    if (this.store.retention) {
      pruneEndedSessions(this.store.database, this.store.retention.olderThanMs);
    }
    this.store.transaction(() => {
      this.store.meta.set(WRITER, this.writerId);
      if (this.base) {
        this.store.meta.set(BASE_WRITER, this.base.writer);
        this.store.meta.set(BASE_SEQ, String(this.base.seq));
      }
    });
    compactStore(this.store, this.vacuumFrom);
    const bytes = this.store.export(this.saves);
    try {
      await this.storage.write(this.name + VERSION_SUFFIX, new TextEncoder().encode(version));
      const tmp = `${this.name}.tmp-${this.writerId}`;
      await this.storage.write(tmp, bytes);
      await this.storage.rename(tmp, this.name);
    } catch (e) {
      this.store.database.markDirty();
      throw e;
    }
    this.knownVersion = version;
    this.reserveSaves();
  }

  /** Once per process, under the lock: deletes the temporary blobs of writers that died while writing. */
  private async removeLeftovers(): Promise<void> {
    if (this.leftoversRemoved) {
      return;
    }
    this.leftoversRemoved = true;
    for (const blob of await this.storage.list()) {
      if (blob === `${this.name}.tmp` || (blob.startsWith(`${this.name}.tmp-`) && blob !== `${this.name}.tmp-${this.writerId}`)) {
        await this.storage.remove(blob);
      }
    }
  }
}

/** The version blob's content ('' when there is none). */
async function readVersion(storage: BlobStorage, name: string): Promise<string> {
  const bytes = await storage.read(name + VERSION_SUFFIX);
  return bytes ? new TextDecoder().decode(bytes) : '';
}
