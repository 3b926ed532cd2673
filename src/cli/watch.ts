/** `watch`: follows files and folders with chokidar and feeds what is appended to the engine. */
import { watch as watchPaths } from 'chokidar';
import type { Store } from '../core/store/store';
import type { FileIngestor } from './files';
import { LockBusyError } from '../core/store/persistence';
import { saveStoreFile } from '../host/node/storeFile';

/** Options of {@link watchFiles}. */
export interface WatchOptions {
  store: Store;
  /** Where to save the store (debounced, and on exit); undefined for an in-memory store. */
  storeFile?: string;
  /** Poll interval (ms); undefined: native file-system events. */
  poll?: number;
  signal?: AbortSignal;
  warn(s: string): void;
  /** Called (at most once a second) for a file of unknown kind, to let the kinds' discovery claim it. */
  discover?: () => Promise<void>;
  /** Period of the sync with other writers of {@link storeFile} (ms; default {@link SYNC_EVERY_MS}). */
  syncEveryMs?: number;
  /** The clock-driven checks (the hang watchdog: `engine.evaluate()`), run every {@link EVALUATE_EVERY_MS} while watching. */
  evaluate?: () => void;
  /** Paths not to follow besides node_modules, .git and the store's files (`isDir` undefined when not known yet). */
  ignore?: (path: string, isDir?: boolean) => boolean;
}

/** Period of the clock-driven checks while watching (ms), as in the extension. */
export const EVALUATE_EVERY_MS = 20_000;

/**
 * How often a watch with a store file looks whether another process or VS Code window wrote it, and merges what they
 * did (ms; one read of the small version file when nothing changed), as the extension does (src/host/vscode/storage.ts).
 */
export const SYNC_EVERY_MS = 2000;

/** While saves fail (a full disk, a read-only folder), how often the periodic sync tries again (ms). */
const RETRY_FAILED_EVERY_MS = 30_000;

/**
 * Follows `targets` with chokidar until `signal` aborts: existing files are read first (not live), then every added or
 * changed file is read incrementally (live). Reads of one file are serialized.
 */
export async function watchFiles(targets: string[], ingestor: FileIngestor, o: WatchOptions): Promise<void> {
  const queue = new Map<string, Promise<unknown>>();
  let ready = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastDiscovery = Date.now();
  /** Epoch ms of the first failed save of the current outage; 0 while saves work. */
  let failingSince = 0;
  let lastAttempt = 0;
  // Merges what other processes wrote into the store file, then writes it (src/core/store/sharedStore.ts); one warning
  // per outage (a full disk, a read-only folder), the findings still print.
  const save = async () => {
    if (o.storeFile) {
      lastAttempt = Date.now();
      try {
        await saveStoreFile(o.store, o.storeFile);
        if (failingSince) {
          failingSince = 0;
          o.warn(`The store ${o.storeFile} is saved again.`);
        }
      } catch (e) {
        if (e instanceof LockBusyError) {
          return; // another process holds the lock for long: the next sync tries again
        }
        if (!failingSince) {
          failingSince = Date.now();
          o.warn(`Could not save the store ${o.storeFile} (kept in memory, trying again): ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  };
  const read = (file: string, live: boolean) => {
    const next = (queue.get(file) ?? Promise.resolve()).then(async () => {
      if (o.discover && !ingestor.knows(file) && Date.now() - lastDiscovery >= 1000) {
        lastDiscovery = Date.now();
        await o.discover().catch((e) => o.warn(`Discovery failed: ${e instanceof Error ? e.message : String(e)}`));
      }
      const r = await ingestor.read(file, live);
      if (r.error) {
        o.warn(`Could not read ${file}: ${r.error}`);
      }
      if (o.storeFile && !saveTimer) {
        saveTimer = setTimeout(() => {
          saveTimer = undefined;
          void save();
        }, 2000);
      }
    });
    queue.set(file, next);
    return next;
  };
  const watcher = watchPaths(targets, {
    ignoreInitial: false,
    persistent: true,
    usePolling: o.poll !== undefined,
    interval: o.poll,
    binaryInterval: o.poll,
    ignored: (p: string, stats?: { isDirectory(): boolean }) =>
      /[\\/](?:node_modules|\.git)(?:[\\/]|$)/.test(p) ||
      /\.sqlite(?:\.(?:tmp|tmp-[\w-]+|version|lock|corrupt-\d+))?$/.test(p) ||
      (o.ignore?.(p, stats?.isDirectory()) ?? false),
  });
  watcher.on('add', (f: string) => void read(f, ready));
  watcher.on('change', (f: string) => void read(f, true));
  watcher.on('error', (e: unknown) => o.warn(`Watch error: ${e instanceof Error ? e.message : String(e)}`));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  await Promise.all([...queue.values()]);
  ready = true;
  const evaluator = o.evaluate ? setInterval(() => o.evaluate?.(), EVALUATE_EVERY_MS) : undefined;
  let syncing = false;
  const syncer = o.storeFile
    ? setInterval(() => {
        if (syncing || saveTimer || (failingSince && Date.now() - lastAttempt < RETRY_FAILED_EVERY_MS)) {
          return;
        }
        syncing = true;
        void save().finally(() => (syncing = false));
      }, o.syncEveryMs ?? SYNC_EVERY_MS)
    : undefined;
  o.warn(`Watching ${targets.join(', ')}; Ctrl+C to stop.`);
  if (o.signal && !o.signal.aborted) {
    const signal = o.signal;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  if (evaluator) {
    clearInterval(evaluator);
  }
  if (syncer) {
    clearInterval(syncer);
  }
  await watcher.close();
  await Promise.all([...queue.values()]);
  if (saveTimer) {
    clearTimeout(saveTimer);
  }
  await save();
  o.warn('Stopped watching.');
}
