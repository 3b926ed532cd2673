/**
 * Persistence of the sql.js store under the extension's `globalStorageUri` (`store.sqlite`), which every VS Code window
 * (each its own extension host) and every `session-doctor` process given that file share: loaded on activation,
 * synchronized after changes (debounced) and every {@link SYNC_EVERY_MS} (to see what other windows did), flushed on
 * deactivate. Each sync merges under the file's lock (src/core/store/sharedStore.ts, docs/store.md). The data goes
 * through `vscode.workspace.fs` ({@link VscodeBlobStorage}); the lock, a directory beside the file, through Node's fs
 * (src/host/node/storeLock.ts), as `globalStorageUri` is a local folder in a Node extension host.
 */
import * as vscode from 'vscode';
import type { SqlJsStatic } from 'sql.js';
import { BlobLock, LockBusyError } from '../../core/store/persistence';
import { SharedStore } from '../../core/store/sharedStore';
import type { Store } from '../../core/store/store';
import { nextTurn } from '../node/nextTurn';
import { NodeStoreLock } from '../node/storeLock';
import { VscodeBlobStorage } from './blobStorage';

/** File name of the store inside `globalStorageUri`. */
export const STORE_FILE = 'store.sqlite';

/** How often a window looks whether another window or process wrote the store (ms). */
export const SYNC_EVERY_MS = 2000;

/** While writes fail, how often a window tries again without a new change (ms). */
const RETRY_FAILED_EVERY_MS = 30_000;

/** What {@link openStore} found. */
export interface OpenedStore {
  shared: SharedStore;
  store: Store;
  uri: vscode.Uri;
  /** Set when a corrupt store was moved aside: where it went. */
  movedAside?: vscode.Uri;
}

/**
 * The lock of the store folder: proper-lockfile on a local folder; none on other file systems (a remote or virtual
 * `globalStorageUri`: merges still happen, but two windows writing in the same instant may then lose one write).
 */
function lockOf(dir: vscode.Uri, onCompromised: (e: Error) => void): BlobLock {
  return dir.scheme === 'file' ? new NodeStoreLock(dir.fsPath, { onCompromised }) : { acquire: async () => async () => undefined };
}

/**
 * Opens the store from `dir/store.sqlite` (`now`: epoch ms, for the name of a moved-aside file), creating the folder;
 * moves a corrupt file aside and starts a fresh store.
 * @param onLockCompromised called when this window's lock was taken over while it held it (it was stuck for the lock's stale time)
 * @throws the file system's errors other than "not found" (the folder cannot be created, the file cannot be read)
 */
export async function openStore(
  sql: SqlJsStatic,
  dir: vscode.Uri,
  onLockCompromised: (e: Error) => void = () => undefined,
  now = Date.now(),
): Promise<OpenedStore> {
  await vscode.workspace.fs.createDirectory(dir);
  const storage = new VscodeBlobStorage(dir);
  // nextTurn: the buffer of the saves is allocated ahead, a slice per turn, not by the save that needs it
  const opened = await SharedStore.open(sql, storage, lockOf(dir, onLockCompromised), STORE_FILE, { now: () => now, nextTurn });
  return {
    shared: opened.shared,
    store: opened.shared.store,
    uri: storage.uriOf(STORE_FILE),
    ...(opened.movedAside ? { movedAside: storage.uriOf(opened.movedAside) } : {}),
  };
}

/** What {@link StorePersistence} tells its owner. Each is called without awaiting; none may throw. */
export interface PersistenceEvents {
  /** Rows another window or process wrote were merged into this window's store: views should refresh. */
  merged(): void;
  /** A write failed (full disk, read-only folder...): called once per outage, with the first error. */
  writeFailed(e: unknown): void;
  /** A write worked again after {@link writeFailed}. */
  writeRecovered(): void;
  /** The file was written by a newer Session Doctor: this window keeps its changes in memory. Called once. */
  newerStore(): void;
  /** Anything else worth a debug line (the lock was busy). */
  debug(message: string): void;
}

/** Debounced, periodic synchronization of the store with its file. */
export class StorePersistence implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPending = 0;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private failingSince = 0;
  private warnedNewer = false;
  private readonly ticker: ReturnType<typeof setInterval> | undefined;

  /**
   * @param shared the store and its file (see {@link openStore})
   * @param events what to tell the owner
   * @param debounceMs quiet time after a change before a sync (ms)
   * @param maxWaitMs longest a change waits for a sync during a steady stream of changes (ms)
   * @param syncEveryMs period of the sync that picks up other windows' changes (ms; 0: none)
   */
  constructor(
    private readonly shared: SharedStore,
    private readonly events: PersistenceEvents,
    private readonly debounceMs = 1500,
    private readonly maxWaitMs = 10_000,
    syncEveryMs = SYNC_EVERY_MS,
  ) {
    this.ticker = syncEveryMs > 0 ? setInterval(() => this.tick(), syncEveryMs) : undefined;
  }

  /** Notes a change; the store is synchronized after `debounceMs` of quiet (or `maxWaitMs` at the latest). */
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

  /** Synchronizes now (merge what others wrote, write this window's changes). Never rejects (failures go to the events). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.firstPending = 0;
    this.running = this.running.then(() => this.run());
    return this.running;
  }

  /** Stops the timers (call {@link flush} first to keep the last changes). */
  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    if (this.ticker) {
      clearInterval(this.ticker);
    }
  }

  private tick(): void {
    // While writes fail, only a new change (schedule) or the slow retry tries again.
    if (this.busy || this.timer || (this.failingSince && Date.now() - this.failingSince < RETRY_FAILED_EVERY_MS)) {
      return;
    }
    void this.flush();
  }

  private async run(): Promise<void> {
    this.busy = true;
    try {
      const r = await this.shared.sync();
      if (r.newer) {
        if (!this.warnedNewer) {
          this.warnedNewer = true;
          this.events.newerStore();
        }
        return;
      }
      if (r.merged) {
        this.events.merged();
      }
      if (r.wrote && this.failingSince) {
        this.failingSince = 0;
        this.events.writeRecovered();
      }
    } catch (e) {
      if (e instanceof LockBusyError) {
        this.events.debug(`${e.message}; trying again`);
        this.schedule();
      } else if (!this.failingSince) {
        this.failingSince = Date.now();
        this.events.writeFailed(e);
      } else {
        this.failingSince = Date.now();
        this.events.debug(`Store still not written: ${e instanceof Error ? e.message : String(e)}`);
      }
    } finally {
      this.busy = false;
    }
  }
}
