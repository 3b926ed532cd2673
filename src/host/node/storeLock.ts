/**
 * The store's lock port (src/core/store/persistence.ts, `BlobLock`) on Node's fs, with proper-lockfile: the lock of
 * blob `<name>` in a folder is the directory `<name>.lock` beside it (mkdir is atomic, also on network file systems);
 * its holder refreshes the directory's mtime every {@link StoreLockOptions.staleMs}/2 ms, and a lock not refreshed for
 * `staleMs` (its holder died, e.g. by SIGKILL) is taken over. Used by the CLI and by the extension host, whose
 * `globalStorageUri` is a local folder.
 */
import * as fsp from 'fs/promises';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import { BlobLock, LockBusyError } from '../../core/store/persistence';

/** Options of {@link NodeStoreLock}. */
export interface StoreLockOptions {
  /** A lock not refreshed for this long (ms) is stale and taken over (default 10 000; proper-lockfile's minimum is 2000). */
  staleMs?: number;
  /** How long {@link NodeStoreLock.acquire} waits for a held lock before it gives up (ms, default 10 000). */
  waitMs?: number;
  /** Called when this process's lock was taken over or its directory removed while held (default: ignored). */
  onCompromised?: (e: Error) => void;
}

/** How many retries of a back-off from 15 ms (times 1.5 each, at most 250 ms) fit in `waitMs`. */
function retriesWithin(waitMs: number): number {
  let n = 0;
  for (let total = 0; total < waitMs; n++) {
    total += Math.min(15 * 1.5 ** n, 250);
  }
  return n;
}

/** Locks of the blobs in the folder `dir`. */
export class NodeStoreLock implements BlobLock {
  private readonly staleMs: number;
  private readonly waitMs: number;

  /** @param dir the folder of the blobs (created when missing) */
  constructor(
    readonly dir: string,
    private readonly options: StoreLockOptions = {},
  ) {
    const fromEnv = Number(process.env.SESSION_DOCTOR_LOCK_STALE_MS);
    this.staleMs = Math.max(2000, options.staleMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 10_000));
    this.waitMs = options.waitMs ?? 10_000;
  }

  /**
   * Takes the lock of blob `name`, retrying with back-off for up to `waitMs`; resolves to its release (which never
   * rejects: a lock lost meanwhile is reported to `onCompromised`).
   * @throws LockBusyError when still held after `waitMs`; fs errors when the lock directory cannot be made (EACCES, EROFS, ENOSPC)
   */
  async acquire(name: string): Promise<() => Promise<void>> {
    await fsp.mkdir(this.dir, { recursive: true });
    try {
      const release = await lockfile.lock(path.join(this.dir, name), {
        realpath: false,
        stale: this.staleMs,
        update: Math.floor(this.staleMs / 2),
        retries: { retries: retriesWithin(this.waitMs), factor: 1.5, minTimeout: 15, maxTimeout: 250 },
        onCompromised: (e) => this.options.onCompromised?.(e),
      });
      return () => release().catch((e: unknown) => this.options.onCompromised?.(e instanceof Error ? e : new Error(String(e))));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new LockBusyError(name);
      }
      throw e;
    }
  }
}
