/**
 * Finds Claude Code transcripts under the configured roots. Layout (Claude Code 2.x):
 * `<root>/<project>/<session-id>.jsonl`, where `<project>` is the session's cwd with every `/` (and `.`) turned into `-`,
 * and subagent transcripts under `<root>/<project>/<session-id>/subagents/*.jsonl` (their lines carry the parent's
 * session id and `isSidechain: true`). Pure module: file access through {@link FileAccess}.
 */
import type { FileAccess } from '../../ingest/tailer';

/** One transcript file found. */
export interface TranscriptFile {
  path: string;
  /** Session id from the file name (the `.jsonl` base name; for a subagent file, the parent folder's name). */
  sessionIdFromName: string;
  /** Epoch ms. */
  mtime: number;
  size: number;
}

/** The names in a folder; [] when it does not exist or cannot be read. */
export function listNames(fs: FileAccess, dir: string): Promise<string[]> {
  return fs.list(dir).catch(() => [] as string[]);
}

/**
 * What every kind's discovery does with a candidate path: {@link add} stats it (never throws) and keeps it when it is a
 * file modified at or after `sinceMs` (epoch ms); {@link newestFirst} returns the kept files, newest first.
 */
export class TranscriptFileCollector {
  private readonly found: TranscriptFile[] = [];

  constructor(
    private readonly fs: FileAccess,
    private readonly sinceMs: number,
  ) {}

  /** `sessionIdFromName`: the id, or a function giving it (called only for a kept file, e.g. to read its head). */
  async add(path: string, sessionIdFromName: string | (() => Promise<string>)): Promise<void> {
    const st = await this.fs.stat(path).catch(() => undefined);
    if (st && !st.isDirectory && st.mtime >= this.sinceMs) {
      const id = typeof sessionIdFromName === 'string' ? sessionIdFromName : await sessionIdFromName();
      this.found.push({ path, sessionIdFromName: id, mtime: st.mtime, size: st.size });
    }
  }

  newestFirst(): TranscriptFile[] {
    return [...this.found].sort((a, b) => b.mtime - a.mtime);
  }
}

/**
 * Lists the transcripts under `roots` modified at or after `sinceMs` (epoch ms). Missing roots are skipped.
 * Never throws for unreadable entries (they are skipped).
 */
export async function discoverClaudeTranscripts(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const project of await listNames(fs, root)) {
      const projectDir = fs.join(root, project);
      for (const name of await listNames(fs, projectDir)) {
        if (name.endsWith('.jsonl')) {
          await found.add(fs.join(projectDir, name), name.slice(0, -'.jsonl'.length));
          continue;
        }
        const subagents = fs.join(projectDir, name, 'subagents');
        for (const sub of await listNames(fs, subagents)) {
          if (sub.endsWith('.jsonl')) {
            await found.add(fs.join(subagents, sub), name);
          }
        }
      }
    }
  }
  return found.newestFirst();
}
