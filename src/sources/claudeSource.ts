/**
 * The Claude Code source: finds transcripts under the roots (default `$CLAUDE_CONFIG_DIR/projects`, else
 * `~/.claude/projects`), catches up on them at startup (no notifications for old lines), then follows them live:
 * a file-system watcher for prompt reaction, and a 1 s poll of known files' sizes plus a 10 s rescan of the roots, because
 * watchers outside the workspace are not reliable on every platform.
 */
import * as vscode from 'vscode';
import { claudeFormat } from '../core/claude/format';
import { discoverClaudeTranscripts } from '../core/discovery';
import type { FileAccess, Tailer } from '../core/tailer';

/** Options of the source. */
export interface ClaudeSourceOptions {
  roots: () => string[];
  /** Files modified in this many ms are followed. */
  activeWindowMs: () => number;
  log: vscode.LogOutputChannel;
  /** Poll period for known files (ms, default 1000) and rescan period (ms, default 3000). */
  pollMs?: number;
  rescanMs?: number;
}

/** Follows Claude Code transcripts into the engine through a {@link Tailer}. */
export class ClaudeSource implements vscode.Disposable {
  private readonly known = new Map<string, string>(); // path -> session id from the file name
  private watchers: vscode.Disposable[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private catchingUp = true;
  private disposed = false;
  /** Resolves when the first scan and catch-up are done. */
  readonly ready: Promise<void>;

  constructor(
    private readonly fs: FileAccess,
    private readonly tailer: Tailer,
    private readonly options: ClaudeSourceOptions,
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    try {
      await this.rescan();
    } catch (e) {
      this.options.log.error('Claude Code source: first scan failed', e);
    }
    this.catchingUp = false;
    if (this.disposed) {
      return;
    }
    this.watch();
    this.timers.push(setInterval(() => void this.poll(), this.options.pollMs ?? 1000));
    this.timers.push(setInterval(() => void this.rescan().catch((e) => this.options.log.warn('rescan failed', e)), this.options.rescanMs ?? 3000));
  }

  /** Rebuilds the watchers after the roots setting changed, and rescans. */
  async rootsChanged(): Promise<void> {
    this.watch();
    await this.rescan();
  }

  /** Finds new transcripts and reads them (known files are read by the poll, or all of them on the first scan). */
  async rescan(): Promise<void> {
    const roots = this.options.roots();
    const files = await discoverClaudeTranscripts(this.fs, roots, Date.now() - this.options.activeWindowMs());
    const toRead = this.catchingUp ? files : files.filter((f) => !this.known.has(f.path));
    for (const f of toRead) {
      this.known.set(f.path, f.sessionIdFromName);
      if (!this.catchingUp) {
        this.options.log.info(`New Claude Code transcript: ${f.path}`);
      }
    }
    await Promise.all(toRead.map((f) => this.readFile(f.path)));
  }

  private async poll(): Promise<void> {
    await Promise.all([...this.known.keys()].map((p) => this.readFile(p)));
  }

  private async readFile(p: string): Promise<void> {
    const id = this.known.get(p) ?? sessionIdFromPath(p);
    this.known.set(p, id);
    try {
      const r = await this.tailer.read(p, claudeFormat, id, !this.catchingUp);
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
    for (const root of this.options.roots()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*.jsonl'));
      const onFile = (uri: vscode.Uri) => void this.readFile(uri.fsPath);
      this.watchers.push(watcher, watcher.onDidCreate(onFile), watcher.onDidChange(onFile));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) {
      clearInterval(t);
    }
    for (const w of this.watchers) {
      w.dispose();
    }
  }
}

/** `<root>/<project>/<id>.jsonl` -> id; `<root>/<project>/<id>/subagents/x.jsonl` -> id. */
export function sessionIdFromPath(p: string): string {
  const parts = p.split(/[\\/]/);
  const base = parts[parts.length - 1].replace(/\.jsonl$/, '');
  return parts.length >= 3 && parts[parts.length - 2] === 'subagents' ? parts[parts.length - 3] : base;
}
