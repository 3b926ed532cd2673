/**
 * Continue's session files as a {@link TranscriptKind}: where they are, how to find them, how to tell them by content.
 * Pure module: file access through {@link FileAccess}.
 *
 * Layout (`@continuedev/cli` 1.5.47, checked in its bundle and its runs): the global folder is `$CONTINUE_GLOBAL_DIR`
 * (a relative value is taken against the working folder, which this reader does not know: only absolute values are
 * used), else `~/.continue`; sessions are `<global>/sessions/<uuid>.json`, listed in `<global>/sessions/sessions.json`
 * (an index, not read).
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { parseContinueSession } from './session';

/** A session file name: `<uuid>.json`; group 1 is the session id. */
export const CONTINUE_SESSION_FILE = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.json$/;

/** Where Continue's sessions are: `$CONTINUE_GLOBAL_DIR/sessions` (when absolute) and `~/.continue/sessions`. */
export function continueSessionRoots(ctx: RootContext): string[] {
  const dflt = ctx.join(ctx.home, '.continue', 'sessions');
  const dir = ctx.env.CONTINUE_GLOBAL_DIR;
  return dir && /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(dir) ? [ctx.join(dir, 'sessions'), dflt] : [dflt];
}

/** Lists `<root>/<uuid>.json` under `roots` modified at or after `sinceMs`, newest first. Missing roots are skipped. Never throws. */
export async function discoverContinueSessions(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const name of await listNames(fs, root)) {
      const m = CONTINUE_SESSION_FILE.exec(name);
      if (m) {
        await found.add(fs.join(root, name), m[1]);
      }
    }
  }
  return found.newestFirst();
}

/** True when the start of a file is a Continue session: `{ "sessionId": "<uuid>", "title": ..., ... "history": [`. */
export function sniffContinue(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"sessionId"\s*:\s*"[0-9a-fA-F-]{36}"\s*,\s*"title"\s*:/.test(head) && /"history"\s*:\s*\[/.test(head);
}

/** Continue's session files. */
export const continueKind: TranscriptKind = {
  id: 'continue',
  agent: 'continue',
  label: 'Continue sessions',
  reader: 'document',
  format: { agent: 'continue', parseDocument: parseContinueSession },
  defaultRoots: (ctx) => continueSessionRoots(ctx),
  watchGlob: '*.json',
  discover: (fs, roots, sinceMs) => discoverContinueSessions(fs, roots, sinceMs),
  matchesPath: (path) =>
    CONTINUE_SESSION_FILE.test(path.split(/[\\/]/).pop() ?? '') && /[\\/]\.continue[\\/]sessions[\\/][^\\/]+$/.test(path),
  sniff: sniffContinue,
};
