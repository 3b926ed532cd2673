/**
 * Persistence of the sql.js store under the extension's `globalStorageUri` (`store.sqlite`): loaded on activation,
 * written debounced after changes, flushed on deactivate. Opening, moving a corrupt file aside
 * (`store.sqlite.corrupt-<epoch ms>`, then a fresh store and a warning by the caller) and the atomic write (a temporary
 * file renamed into place) are the one store persistence module (src/core/store/persistence.ts), shared with the CLI,
 * here over `vscode.workspace.fs` ({@link VscodeBlobStorage}), so it also works in a browser extension host.
 */
import * as vscode from 'vscode';
import type { SqlJsStatic } from 'sql.js';
import { openStoreBlob, saveStoreBlob } from '../../core/store/persistence';
import type { Store } from '../../core/store/store';
import { VscodeBlobStorage } from './blobStorage';

/** File name of the store inside `globalStorageUri`. */
export const STORE_FILE = 'store.sqlite';

/** What {@link openStore} found. */
export interface OpenedStore {
  store: Store;
  uri: vscode.Uri;
  /** Set when a corrupt store was moved aside: where it went. */
  movedAside?: vscode.Uri;
}

/**
 * Opens the store from `dir/store.sqlite` (`now`: epoch ms, for the name of a moved-aside file), creating the folder;
 * moves a corrupt file aside and starts a fresh store.
 * @throws the file system's errors other than "not found" (the folder cannot be created, the file cannot be read)
 */
export async function openStore(sql: SqlJsStatic, dir: vscode.Uri, now = Date.now()): Promise<OpenedStore> {
  await vscode.workspace.fs.createDirectory(dir);
  const storage = new VscodeBlobStorage(dir);
  const opened = await openStoreBlob(sql, storage, STORE_FILE, now);
  return {
    store: opened.store,
    uri: storage.uriOf(STORE_FILE),
    ...(opened.movedAside ? { movedAside: storage.uriOf(opened.movedAside) } : {}),
  };
}

/** Debounced writer of the store. */
export class StorePersistence implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPending = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly storage: VscodeBlobStorage;
  private readonly name: string;

  /**
   * @param store the store to write
   * @param uri the store file (see {@link openStore})
   * @param onError called with the error of a failed write (the writer never rejects)
   * @param debounceMs quiet time before a write (ms)
   * @param maxWaitMs longest a change waits for a write during a steady stream of changes (ms)
   */
  constructor(
    private readonly store: Store,
    uri: vscode.Uri,
    private readonly onError: (e: unknown) => void,
    private readonly debounceMs = 1500,
    private readonly maxWaitMs = 10_000,
  ) {
    const file = VscodeBlobStorage.forFile(uri);
    this.storage = file.storage;
    this.name = file.name;
  }

  /** Notes a change; the store is written after `debounceMs` of quiet (or `maxWaitMs` at the latest). */
  schedule(): void {
    const now = Date.now();
    if (!this.firstPending) {
      this.firstPending = now;
    }
    if (this.timer) {
      clearTimeout(this.timer);
    }
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstPending + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Writes now if anything changed (or the file does not exist yet). Resolves when written; never rejects (errors go to `onError`). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.firstPending = 0;
    this.writing = this.writing.then(async () => {
      try {
        await saveStoreBlob(this.store, this.storage, this.name);
      } catch (e) {
        this.onError(e);
      }
    });
    return this.writing;
  }

  /** Cancels a pending write (call {@link flush} first to keep the last changes). */
  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
  }
}
