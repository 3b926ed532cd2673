/**
 * Store persistence, the same for every host: open the store file (a new store when there is none), move a file that
 * is not a readable store aside and start afresh, and write atomically (a temporary file in the same folder, renamed
 * into place). The host gives a {@link BlobStorage}: Node's fs for the CLI (src/host/node/blobStorage.ts),
 * `vscode.workspace.fs` for the extension (src/host/vscode/blobStorage.ts), so it also runs in a browser extension host.
 * Pure module.
 */
import type { SqlJsStatic } from 'sql.js';
import { CorruptStoreError, Store } from './store';

/**
 * The port: named blobs (files) in one folder. Names are plain file names (no separators). Every method rejects with
 * the host's I/O error for a failure other than those it documents.
 */
export interface BlobStorage {
  /** The blob's bytes, or undefined when no blob has that name (a first run). */
  read(name: string): Promise<Uint8Array | undefined>;
  /** True when a blob has that name. */
  exists(name: string): Promise<boolean>;
  /** Writes the blob, creating the folder when it is missing and replacing a blob of that name. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Renames blob `from` to `to`, replacing `to` when it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Names of the blobs in the folder (empty when the folder does not exist). */
  list(): Promise<string[]>;
  /** Deletes blob `name`; a missing blob is not an error. */
  remove(name: string): Promise<void>;
}

/**
 * The lock port: one advisory lock per blob, shared by every process that uses the folder (the CLI's processes and
 * every VS Code window), held while a process reads, merges and writes the blob (./sharedStore.ts). A lock whose
 * holder died is taken over after a while (the host's stale time).
 */
export interface BlobLock {
  /**
   * Takes the lock of blob `name`, waiting while another process holds it (for a time the host chooses), and resolves
   * to the function that releases it.
   * @throws LockBusyError when another process still holds it after that wait; the host's I/O error when the lock
   *   cannot be made at all (a read-only or full folder)
   */
  acquire(name: string): Promise<() => Promise<void>>;
}

/** Thrown by {@link BlobLock.acquire} when another process holds the lock for longer than the host waits. */
export class LockBusyError extends Error {
  constructor(name: string) {
    super(`The lock of ${name} is held by another process`);
    this.name = 'LockBusyError';
  }
}

/** What {@link openStoreBlob} found. */
export interface OpenedStoreBlob {
  store: Store;
  /** True when the blob existed and was opened; false for a new store (nothing written until {@link saveStoreBlob}). */
  existed: boolean;
  /** Set when the blob was not a readable store: the name it was moved to ({@link corruptBlobName}). */
  movedAside?: string;
}

/** The name a corrupt store blob `name` is moved to at `nowMs` (epoch ms): `<name>.corrupt-<nowMs>`. */
export function corruptBlobName(name: string, nowMs: number): string {
  return `${name}.corrupt-${nowMs}`;
}

/**
 * Opens the store in blob `name`, migrating it to the current schema, or a new empty store when there is no such blob
 * (a resident one, src/core/store/resident.ts: the first start's catch-up grows it without copying the whole file).
 * A blob that cannot be read as a store is renamed to {@link corruptBlobName} and a new empty store returned.
 * @param sql the sql.js module, or the promise of it: the blob is read while sql.js is still compiling its WebAssembly
 * @param nowMs epoch ms, for the name of a moved-aside blob
 * @throws the storage's I/O errors (other than "not found"), which are not a reason to start afresh; the rejection of `sql`
 */
export async function openStoreBlob(
  sql: SqlJsStatic | PromiseLike<SqlJsStatic>,
  storage: BlobStorage,
  name: string,
  nowMs: number,
): Promise<OpenedStoreBlob> {
  const [bytes, SQL] = await Promise.all([storage.read(name), sql]);
  if (!bytes) {
    // a first start is when the whole history is caught up: pages in WebAssembly memory grow without whole-file copies
    return { store: Store.open(SQL, undefined, undefined, { resident: true }), existed: false };
  }
  try {
    return { store: Store.open(SQL, bytes), existed: true };
  } catch (e) {
    if (!(e instanceof CorruptStoreError)) {
      throw e;
    }
    const movedAside = corruptBlobName(name, nowMs);
    await storage.rename(name, movedAside);
    return { store: Store.open(SQL, undefined, undefined, { resident: true }), existed: false, movedAside };
  }
}

/** Options of {@link saveStoreBlob}. */
export interface SaveOptions {
  /** Write even when nothing changed since the last write. */
  force?: boolean;
  /** Name of the temporary blob (default `<name>.tmp`); a per-process name keeps two writers apart. */
  tmpName?: string;
}

/**
 * Writes the store to blob `name` atomically: its bytes go to a temporary blob, then that is renamed over `name`, so a
 * reader sees the old store or the new one, never half of one. Writes only when the store changed since its last
 * export, or `force`, or the blob does not exist yet. Returns true when it wrote.
 * @throws the storage's I/O errors (the store's changes are then no longer marked dirty: write again with `force`)
 */
export async function saveStoreBlob(store: Store, storage: BlobStorage, name: string, options: SaveOptions = {}): Promise<boolean> {
  if (!store.dirty && !options.force && (await storage.exists(name))) {
    return false;
  }
  const tmp = options.tmpName ?? `${name}.tmp`;
  await storage.write(tmp, store.export());
  await storage.rename(tmp, name);
  return true;
}
