/**
 * The CLI's store file: the same SQLite (sql.js) format the extension writes, opened and written by the one store
 * persistence module (src/core/store/persistence.ts) over Node's fs ({@link NodeBlobStorage}). Same rules as the
 * extension: a file sql.js cannot open is moved aside (`<file>.corrupt-<epoch ms>`) and a fresh store is started;
 * writes are atomic (a temporary file in the same folder renamed into place). Many processes may use one file: each
 * save merges what the others wrote under the file's lock (src/core/store/sharedStore.ts, NodeStoreLock in ./storeLock.ts).
 */
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import type { BlobLock } from '../../core/store/persistence';
import { SharedStore, SyncResult } from '../../core/store/sharedStore';
import { Store } from '../../core/store/store';
import { NodeBlobStorage } from './blobStorage';
import { nextTurn } from './nextTurn';
import type * as StoreLockModule from './storeLock';

let sqlModule: Promise<SqlJsStatic> | undefined;

/**
 * Background threads V8 may compile WebAssembly on, for a machine of `cores` CPUs: all but one, at least one. V8 tiers
 * sql.js's hot functions up with TurboFan in the background (SQLite's VDBE alone is about a second of CPU); by default
 * on as many threads as it has workers (4 in Node), which on a 2-core machine took CPU from the main thread while it
 * built the first snapshot (bench/scan/storeOpen.mjs). One core stays for the main thread; tier-up still happens.
 */
export function wasmCompileThreads(cores: number = os.availableParallelism()): number {
  return Number.isFinite(cores) ? Math.max(1, Math.floor(cores) - 1) : 1;
}

/**
 * V8 flags set before sql.js's WebAssembly is compiled, for a machine of `cores` CPUs:
 * - `--wasm-num-compilation-tasks` = {@link wasmCompileThreads};
 * - `--no-wasm-lazy-compilation`: Node 20's V8 compiles a WebAssembly function only when it is first called, on the
 *   calling thread, so the first queries of a fresh process (SQLite's parser, reading the schema, the first snapshot's
 *   statements) compiled ~1,000 of SQLite's functions on the main thread (bench/scan/storeOpen.mjs: the first
 *   `SELECT count(*) FROM sqlite_master` alone ~50 ms of main-thread CPU). Compiled eagerly, the baseline compile runs
 *   on the background thread(s) while the store file is read, before the module resolves.
 */
export function wasmCompileFlags(cores: number = os.availableParallelism()): string[] {
  return [`--wasm-num-compilation-tasks=${wasmCompileThreads(cores)}`, '--no-wasm-lazy-compilation'];
}

/**
 * Loads sql.js once. Its glue finds `sql-wasm.wasm` next to itself: in `node_modules/sql.js/dist` when run from the
 * compiled sources, in `dist/` (copied by webpack beside `dist/cli.js`) when run from the bundle. Before its first
 * compile it sets V8's {@link wasmCompileFlags} (process-wide flags: this module serves the CLI, whose only
 * WebAssembly is sql.js; the extension host, shared with other extensions, does not load it).
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlModule) {
    for (const flag of wasmCompileFlags()) {
      v8.setFlagsFromString(flag);
    }
    sqlModule = initSqlJs();
  }
  return sqlModule;
}

/**
 * The lock of the blobs in folder `dir` (./storeLock.ts, `NodeStoreLock`), whose module is loaded on the first
 * {@link BlobLock.acquire}: opening a store and building its first snapshot take no lock (the first save does), and
 * loading proper-lockfile with graceful-fs costs 20-35 ms of main-thread CPU in a fresh process (measured with /proc
 * schedstat, `require` alone).
 */
export function lazyStoreLock(dir: string): BlobLock {
  let lock: BlobLock | undefined;
  return {
    acquire(name: string) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
      lock ??= new (require('./storeLock') as typeof StoreLockModule).NodeStoreLock(dir);
      return lock.acquire(name);
    },
  };
}

/**
 * The store path: `--store`, else `$SESSION_DOCTOR_STORE`, else `~/.session-doctor/store.sqlite`. `~` at the start is
 * expanded; relative paths are resolved against `cwd`.
 */
export function resolveStorePath(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  home = os.homedir(),
): string {
  const raw = option || env.SESSION_DOCTOR_STORE || path.join(home, '.session-doctor', 'store.sqlite');
  const expanded = raw === '~' ? home : raw.startsWith('~/') || raw.startsWith('~\\') ? path.join(home, raw.slice(2)) : raw;
  return path.resolve(cwd, expanded);
}

/** An opened store file. */
export interface OpenedStoreFile {
  store: Store;
  /** Absolute path of the file (it may not exist yet when `existed` is false). */
  path: string;
  existed: boolean;
  /** Set when the file could not be read as a store and was moved aside: where it went. */
  movedAside?: string;
}

/**
 * Opens the store at `file`, or an empty one when the file does not exist (nothing is written until {@link saveStoreFile}).
 * A corrupt file is renamed to `<file>.corrupt-<nowMs>` and an empty store returned.
 * @throws Error for I/O failures other than "not found" (permissions, a folder in the way).
 */
export async function openStoreFile(file: string, nowMs = Date.now()): Promise<OpenedStoreFile> {
  const { storage, name } = NodeBlobStorage.forFile(file);
  // sql.js compiles its WebAssembly while the file is read.
  const opened = await SharedStore.open(loadSqlJs(), storage, lazyStoreLock(storage.dir), name, { now: () => nowMs, nextTurn });
  shared.set(opened.shared.store, { file: path.resolve(file), shared: opened.shared });
  return {
    store: opened.shared.store,
    path: file,
    existed: opened.existed,
    ...(opened.movedAside ? { movedAside: storage.pathOf(opened.movedAside) } : {}),
  };
}

/**
 * A throwaway in-memory store (scan and watch without `--store`, tests), its pages in WebAssembly memory
 * (src/core/store/resident.ts), so that it grows without whole-file copies.
 */
export async function memoryStore(): Promise<Store> {
  return Store.open(await loadSqlJs(), undefined, undefined, { resident: true });
}

/** The shared-file state of each store opened or saved here, by store. */
const shared = new WeakMap<Store, { file: string; shared: SharedStore }>();

/**
 * Saves the store to `file`: under the file's lock, merges what other processes wrote since this one last looked,
 * then writes atomically (temporary file, then rename), creating the folder. Writes only when the store changed,
 * unless `force` (or the file does not exist yet). A store not opened from `file` merges the whole file first.
 * @throws Error on I/O failure (the store's changes stay unsaved), `LockBusyError` when another process holds the lock too long
 */
export async function saveStoreFile(store: Store, file: string, force = false): Promise<SyncResult> {
  const resolved = path.resolve(file);
  let entry = shared.get(store);
  if (!entry || entry.file !== resolved) {
    const { storage, name } = NodeBlobStorage.forFile(resolved);
    entry = { file: resolved, shared: SharedStore.attach(store, await loadSqlJs(), storage, lazyStoreLock(storage.dir), name) };
    shared.set(store, entry);
  }
  return entry.shared.sync({ force });
}
