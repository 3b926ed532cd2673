/**
 * Persistence of the sql.js store under the extension's `globalStorageUri` (`store.sqlite`): loaded on activation,
 * written debounced after changes (atomically: a temporary file renamed into place), flushed on deactivate. A file
 * sql.js cannot open is moved aside (`store.sqlite.corrupt-<epoch ms>`) and a fresh store started, with a warning.
 * Uses `vscode.workspace.fs`, so it also works in a browser extension host.
 */
import * as vscode from 'vscode';
import type { SqlJsStatic } from 'sql.js';
import { CorruptStoreError, Store } from '../../core/store/store';

/** File name of the store inside `globalStorageUri`. */
export const STORE_FILE = 'store.sqlite';

/** What {@link openStore} found. */
export interface OpenedStore {
  store: Store;
  uri: vscode.Uri;
  /** Set when a corrupt store was moved aside: where it went. */
  movedAside?: vscode.Uri;
}

/** Opens the store from `dir/store.sqlite`, creating the folder; moves a corrupt file aside. Throws only on I/O failures of the folder itself. */
export async function openStore(sql: SqlJsStatic, dir: vscode.Uri, now = Date.now()): Promise<OpenedStore> {
  await vscode.workspace.fs.createDirectory(dir);
  const uri = vscode.Uri.joinPath(dir, STORE_FILE);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    bytes = undefined; // first run
  }
  try {
    return { store: Store.open(sql, bytes), uri };
  } catch (e) {
    if (!(e instanceof CorruptStoreError)) {
      throw e;
    }
    const movedAside = vscode.Uri.joinPath(dir, `${STORE_FILE}.corrupt-${now}`);
    await vscode.workspace.fs.rename(uri, movedAside, { overwrite: true });
    return { store: Store.open(sql), uri, movedAside };
  }
}

/** Debounced writer of the store. */
export class StorePersistence implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPending = 0;
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param debounceMs quiet time before a write (ms)
   * @param maxWaitMs longest a change waits for a write during a steady stream of changes (ms)
   */
  constructor(
    private readonly store: Store,
    private readonly uri: vscode.Uri,
    private readonly onError: (e: unknown) => void,
    private readonly debounceMs = 1500,
    private readonly maxWaitMs = 10_000,
  ) {}

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

  /** Writes now if anything changed. Resolves when written; never rejects (errors go to `onError`). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.firstPending = 0;
    this.writing = this.writing.then(async () => {
      if (!this.store.dirty) {
        return;
      }
      try {
        const bytes = this.store.export();
        const tmp = this.uri.with({ path: this.uri.path + '.tmp' });
        await vscode.workspace.fs.writeFile(tmp, bytes);
        await vscode.workspace.fs.rename(tmp, this.uri, { overwrite: true });
      } catch (e) {
        this.onError(e);
      }
    });
    return this.writing;
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
  }
}
