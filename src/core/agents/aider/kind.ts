/**
 * The Aider transcript kind: `.aider.chat.history.md` in each workspace folder (Aider writes it in the folder it runs
 * in, normally the git root). See {@link createAiderFormat} for the format. Pure module.
 */
import { TranscriptFile, TranscriptFileCollector } from '../../ingest/discovery';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { AIDER_HISTORY_FILE, aiderFallbackSessionId, createAiderFormat } from './chatHistory';

/** Lists the chat histories directly in `roots` (workspace folders) modified at or after `sinceMs`. Never throws. */
export async function discoverAiderHistories(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    const path = fs.join(root, AIDER_HISTORY_FILE);
    await found.add(path, aiderFallbackSessionId(path));
  }
  return found.newestFirst();
}

/** Aider chat histories; default roots: the workspace folders. */
export const aiderKind: TranscriptKind = {
  id: 'aider',
  agent: 'aider',
  label: 'Aider chat histories',
  reader: 'lines',
  format: createAiderFormat(),
  defaultRoots: (ctx) => [...ctx.workspaceFolders],
  watchGlob: AIDER_HISTORY_FILE,
  discover: (fs, roots, sinceMs) => discoverAiderHistories(fs, roots, sinceMs),
  matchesPath: (path) => /(^|[\\/])\.aider\.chat\.history\.md$/.test(path),
  sniff: (head) => /^\s*# aider chat started at \d{4}-\d{2}-\d{2} /.test(head),
};
