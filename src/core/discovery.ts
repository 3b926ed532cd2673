/**
 * Finds Claude Code transcripts under the configured roots. Layout (Claude Code 2.x):
 * `<root>/<project>/<session-id>.jsonl`, where `<project>` is the session's cwd with every `/` (and `.`) turned into `-`,
 * and subagent transcripts under `<root>/<project>/<session-id>/subagents/*.jsonl` (their lines carry the parent's
 * session id and `isSidechain: true`). Pure module: file access through {@link FileAccess}.
 */
import type { FileAccess } from './tailer';

/** One transcript file found. */
export interface TranscriptFile {
  path: string;
  /** Session id from the file name (the `.jsonl` base name; for a subagent file, the parent folder's name). */
  sessionIdFromName: string;
  /** Epoch ms. */
  mtime: number;
  size: number;
}

/**
 * Lists the transcripts under `roots` modified at or after `sinceMs` (epoch ms). Missing roots are skipped.
 * Never throws for unreadable entries (they are skipped).
 */
export async function discoverClaudeTranscripts(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found: TranscriptFile[] = [];
  const consider = async (path: string, id: string): Promise<void> => {
    const st = await fs.stat(path).catch(() => undefined);
    if (st && !st.isDirectory && st.mtime >= sinceMs) {
      found.push({ path, sessionIdFromName: id, mtime: st.mtime, size: st.size });
    }
  };
  for (const root of roots) {
    for (const project of await fs.list(root).catch(() => [] as string[])) {
      const projectDir = fs.join(root, project);
      for (const name of await fs.list(projectDir).catch(() => [] as string[])) {
        if (name.endsWith('.jsonl')) {
          await consider(fs.join(projectDir, name), name.slice(0, -'.jsonl'.length));
          continue;
        }
        const subagents = fs.join(projectDir, name, 'subagents');
        for (const sub of await fs.list(subagents).catch(() => [] as string[])) {
          if (sub.endsWith('.jsonl')) {
            await consider(fs.join(subagents, sub), name);
          }
        }
      }
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime);
}
