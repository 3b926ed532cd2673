/**
 * Finds Claude Code transcripts under the configured roots. Layout (Claude Code 2.x):
 * `<root>/<project>/<session-id>.jsonl`, where `<project>` is the session's cwd with every `/` (and `.`) turned into `-`,
 * and subagent transcripts under `<root>/<project>/<session-id>/subagents/*.jsonl` (their lines carry the parent's
 * session id and `isSidechain: true`). Pure module: file access through {@link FileAccess}.
 */
import type { FileAccess } from '../../ingest/tailer';
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';

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
