/** `watch`: follows files and folders with chokidar and feeds what is appended to the engine. */
import { watch as watchPaths } from 'chokidar';
import type { Store } from '../core/store/store';
import type { FileIngestor } from './files';
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
  /** The clock-driven checks (the hang watchdog: `engine.evaluate()`), run every {@link EVALUATE_EVERY_MS} while watching. */
  evaluate?: () => void;
}

/** Period of the clock-driven checks while watching (ms), as in the extension. */
export const EVALUATE_EVERY_MS = 20_000;

/**
 * Follows `targets` with chokidar until `signal` aborts: existing files are read first (not live), then every added or
 * changed file is read incrementally (live). Reads of one file are serialized.
 */
export async function watchFiles(targets: string[], ingestor: FileIngestor, o: WatchOptions): Promise<void> {
  const queue = new Map<string, Promise<unknown>>();
  let ready = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastDiscovery = Date.now();
  const save = async () => {
    if (o.storeFile) {
      await saveStoreFile(o.store, o.storeFile).catch((e) =>
        o.warn(`Could not save the store ${o.storeFile}: ${e instanceof Error ? e.message : String(e)}`),
      );
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
    ignored: (p: string) => /[\\/](?:node_modules|\.git)(?:[\\/]|$)/.test(p) || /\.sqlite(?:\.tmp-\d+)?$/.test(p),
  });
  watcher.on('add', (f: string) => void read(f, ready));
  watcher.on('change', (f: string) => void read(f, true));
  watcher.on('error', (e: unknown) => o.warn(`Watch error: ${e instanceof Error ? e.message : String(e)}`));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  await Promise.all([...queue.values()]);
  ready = true;
  const evaluator = o.evaluate ? setInterval(() => o.evaluate?.(), EVALUATE_EVERY_MS) : undefined;
  o.warn(`Watching ${targets.join(', ')}; Ctrl+C to stop.`);
  if (o.signal && !o.signal.aborted) {
    const signal = o.signal;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  if (evaluator) {
    clearInterval(evaluator);
  }
  await watcher.close();
  await Promise.all([...queue.values()]);
  if (saveTimer) {
    clearTimeout(saveTimer);
  }
  await save();
  o.warn('Stopped watching.');
}
