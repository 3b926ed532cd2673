/**
 * The file source: follows the transcripts of every enabled transcript kind (src/core/ingest/kinds.ts `TRANSCRIPT_KINDS`,
 * plus the configured generic logs) into the engine. `lines` kinds (append-only JSONL or text logs) go through the
 * {@link Tailer}; `document` kinds (a JSON file the agent rewrites) through the {@link DocumentReader}. At startup it
 * catches up on the files modified within the active window without notifications, then follows them live: a
 * file-system watcher for prompt reaction, a 1 s poll of known files, and a 3 s rescan of the roots, because watchers
 * outside the workspace are not reliable on every platform.
 */
import * as vscode from 'vscode';
import type { DocumentReader } from '../../core/ingest/documentReader';
import type { TranscriptKind } from '../../core/ingest/kinds';
import type { FileAccess, Tailer } from '../../core/ingest/tailer';
import { liveFormat } from '../../core/ingest/untimed';

/** One kind to follow and the folders (or files) it is searched in. */
export interface ActiveKind {
  kind: TranscriptKind;
  /** Absolute roots (configured, or the kind's defaults). */
  roots: string[];
  /** Glob (relative to each root) the file watcher listens to; default every file under the root. */
  watchGlob?: string;
}

/** Options of the source. */
export interface FileSourceOptions {
  /** The enabled kinds with their roots, read at every rescan. */
  kinds: () => ActiveKind[];
  /** Files modified in this many ms are followed (ms). */
  activeWindowMs: () => number;
  log: vscode.LogOutputChannel;
  /** Poll period for known files (ms, default 1000) and rescan period (ms, default 3000). */
  pollMs?: number;
  rescanMs?: number;
}

/** Follows transcript files of every enabled kind into the engine. */
export class FileSource implements vscode.Disposable {
  private readonly known = new Map<string, { kind: TranscriptKind; id: string }>();
  private watchers: vscode.Disposable[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private catchingUp = true;
  private disposed = false;
  private rescanQueued: ReturnType<typeof setTimeout> | undefined;
  /** Resolves when the first scan and catch-up are done. */
  readonly ready: Promise<void>;

  constructor(
    private readonly fs: FileAccess,
    private readonly tailer: Tailer,
    private readonly documents: DocumentReader,
    private readonly options: FileSourceOptions,
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    try {
      await this.rescan();
    } catch (e) {
      this.options.log.error('File source: first scan failed', e);
    }
    this.catchingUp = false;
    if (this.disposed) {
      return;
    }
    this.watch();
    this.timers.push(setInterval(() => void this.poll(), this.options.pollMs ?? 1000));
    this.timers.push(
      setInterval(() => void this.rescan().catch((e) => this.options.log.warn('rescan failed', e)), this.options.rescanMs ?? 3000),
    );
  }

  /** Rebuilds the watchers after the kinds or roots changed (a setting), forgets files of disabled kinds, and rescans. */
  async kindsChanged(): Promise<void> {
    const enabled = new Set(this.options.kinds().map((k) => k.kind.id));
    for (const [path, k] of this.known) {
      if (!enabled.has(k.kind.id)) {
        this.known.delete(path);
      }
    }
    this.watch();
    await this.rescan();
  }

  /** Finds new files of every enabled kind and reads them (known files are read by the poll, or all of them on the first scan). */
  async rescan(): Promise<void> {
    const since = Date.now() - this.options.activeWindowMs();
    for (const { kind, roots } of this.options.kinds()) {
      let files;
      try {
        files = await kind.discover(this.fs, roots, since);
      } catch (e) {
        this.options.log.warn(`${kind.label}: could not list ${roots.join(', ')}`, e);
        continue;
      }
      const toRead = this.catchingUp ? files : files.filter((f) => !this.known.has(f.path));
      for (const f of toRead) {
        if (!this.known.has(f.path) && !this.catchingUp) {
          this.options.log.info(`New ${kind.label} file: ${f.path}`);
        }
        this.known.set(f.path, { kind, id: f.sessionIdFromName });
      }
      await Promise.all(toRead.map((f) => this.readFile(f.path)));
    }
  }

  /** Paths followed now, with their kind id (for the logs and tests). */
  files(): { path: string; kind: string }[] {
    return [...this.known].map(([path, k]) => ({ path, kind: k.kind.id }));
  }

  private async poll(): Promise<void> {
    await Promise.all([...this.known.keys()].map((p) => this.readFile(p)));
  }

  private async readFile(p: string): Promise<void> {
    const entry = this.known.get(p);
    if (!entry) {
      return;
    }
    const { kind, id } = entry;
    const live = !this.catchingUp;
    try {
      if (kind.reader === 'document') {
        const r = await this.documents.read(p, kind.format, id, live);
        if (r.error) {
          this.options.log.warn(`Could not parse ${p}: ${r.error}`);
        }
        if (r.rewound) {
          this.options.log.info(`${p} was rewritten shorter; following it from its new end.`);
        }
        if (r.gone) {
          this.known.delete(p);
        }
        return;
      }
      const r = await this.tailer.read(p, live ? liveFormat(kind.format) : kind.format, id, live);
      if (r.truncated) {
        this.options.log.warn(`Transcript shrank, read again from the start: ${p}`);
      }
      if (r.skipped > 0) {
        this.options.log.warn(`Skipped ${r.skipped} unreadable line(s) in ${p}`);
      }
      if (r.gone) {
        this.known.delete(p);
      }
    } catch (e) {
      this.options.log.error(`Could not read ${p}`, e);
    }
  }

  private watch(): void {
    for (const w of this.watchers) {
      w.dispose();
    }
    this.watchers = [];
    const watched = new Set<string>();
    for (const { root, glob } of this.options.kinds().flatMap((k) => k.roots.map((root) => ({ root, glob: k.watchGlob ?? '**/*' })))) {
      if (watched.has(root + '\n' + glob)) {
        continue;
      }
      watched.add(root + '\n' + glob);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), glob));
      const onChange = (uri: vscode.Uri) => void this.readFile(uri.fsPath);
      const onCreate = (uri: vscode.Uri) => (this.known.has(uri.fsPath) ? void this.readFile(uri.fsPath) : this.queueRescan());
      this.watchers.push(watcher, watcher.onDidCreate(onCreate), watcher.onDidChange(onChange));
    }
  }

  /** A new file appeared under a root: rescan soon (debounced: one rescan per burst of creations). */
  private queueRescan(): void {
    if (this.rescanQueued || this.disposed) {
      return;
    }
    this.rescanQueued = setTimeout(() => {
      this.rescanQueued = undefined;
      void this.rescan().catch((e) => this.options.log.warn('rescan failed', e));
    }, 200);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) {
      clearInterval(t);
    }
    if (this.rescanQueued) {
      clearTimeout(this.rescanQueued);
    }
    for (const w of this.watchers) {
      w.dispose();
    }
  }
}

/** `<root>/<project>/<id>.jsonl` -> id; `<root>/<project>/<id>/subagents/x.jsonl` -> id (Claude Code layout). */
export function sessionIdFromPath(p: string): string {
  const parts = p.split(/[\\/]/);
  const base = parts[parts.length - 1].replace(/\.jsonl$/, '');
  return parts.length >= 3 && parts[parts.length - 2] === 'subagents' ? parts[parts.length - 3] : base;
}
