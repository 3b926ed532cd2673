/**
 * The CLI's store file: the same SQLite (sql.js) format the extension writes (see src/host/vscode/storage.ts), on Node's fs. Mirrors
 * the extension's rules: a file sql.js cannot open is moved aside (`<file>.corrupt-<epoch ms>`) and a fresh store is
 * started; writes are atomic (a temporary file in the same folder renamed into place).
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { CorruptStoreError, Store } from '../../core/store/store';

let sqlModule: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js once. Its glue finds `sql-wasm.wasm` next to itself: in `node_modules/sql.js/dist` when run from the
 * compiled sources, in `dist/` (copied by webpack beside `dist/cli.js`) when run from the bundle.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlModule ??= initSqlJs();
  return sqlModule;
}

/**
 * The store path: `--store`, else `$SESSION_DOCTOR_STORE`, else `~/.session-doctor/store.sqlite`. `~` at the start is
 * expanded; relative paths are resolved against `cwd`.
 */
export function resolveStorePath(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string, home = os.homedir()): string {
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
  const sql = await loadSqlJs();
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fsp.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw e;
    }
  }
  if (!bytes) {
    return { store: Store.open(sql), path: file, existed: false };
  }
  try {
    return { store: Store.open(sql, bytes), path: file, existed: true };
  } catch (e) {
    if (!(e instanceof CorruptStoreError)) {
      throw e;
    }
    const movedAside = `${file}.corrupt-${nowMs}`;
    await fsp.rename(file, movedAside);
    return { store: Store.open(sql), path: file, existed: false, movedAside };
  }
}

/** A throwaway in-memory store (scan and watch without `--store`, tests). */
export async function memoryStore(): Promise<Store> {
  return Store.open(await loadSqlJs());
}

/**
 * Writes the store to `file` atomically (temporary file, then rename), creating the folder. Writes only when the store
 * changed since the last export, unless `force`. @throws Error on I/O failure.
 */
export async function saveStoreFile(store: Store, file: string, force = false): Promise<void> {
  if (!store.dirty && !force && fs.existsSync(file)) {
    return;
  }
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, store.export());
  await fsp.rename(tmp, file);
}
