/**
 * GitHub Copilot CLI's session event logs as a {@link TranscriptKind}: where they are, how to find them, how to tell them
 * by content. Pure module: file access through {@link FileAccess}.
 *
 * Layout (Copilot CLI 1.0.102, its real runs, test/fixtures/copilot): the CLI's folder is `$COPILOT_HOME`, else
 * `~/.copilot`; each session is a folder `<folder>/session-state/<session id>/` holding `events.jsonl` (its event log,
 * appended to as the session runs), `workspace.yaml` and checkpoints.
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { copilotFormat } from './events';

/** The event log's file name in a session folder. */
export const EVENTS_FILE = 'events.jsonl';

/** A session folder name: the session's UUID. */
const SESSION_DIR = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Where the sessions are: `$COPILOT_HOME/session-state`, else `~/.copilot/session-state`. */
export function copilotSessionRoots(ctx: RootContext): string[] {
  const home = ctx.env.COPILOT_HOME || ctx.join(ctx.home, '.copilot');
  return [ctx.join(home, 'session-state')];
}

/** Lists the event logs under `roots` (`<root>/<session id>/events.jsonl`) modified at or after `sinceMs`, newest first. Never throws. */
export async function discoverCopilotSessions(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const name of await listNames(fs, root)) {
      if (SESSION_DIR.test(name)) {
        await found.add(fs.join(root, name, EVENTS_FILE), name);
      }
    }
  }
  return found.newestFirst();
}

/** True when the first line is a Copilot CLI event log's start: `{"type":"session.start","data":{"sessionId":...,"producer":"copilot-agent"`. */
export function sniffCopilot(head: string): boolean {
  const first = head.split('\n', 1)[0];
  return (
    /^\s*\{\s*"type"\s*:\s*"session\.start"\s*,\s*"data"\s*:\s*\{\s*"sessionId"\s*:/.test(first) &&
    /"producer"\s*:\s*"copilot-agent"/.test(first)
  );
}

/** Copilot CLI's session event logs. */
export const copilotCliKind: TranscriptKind = {
  id: 'copilot-cli',
  agent: 'copilot-cli',
  label: 'GitHub Copilot CLI sessions',
  reader: 'lines',
  format: copilotFormat,
  defaultRoots: (ctx) => copilotSessionRoots(ctx),
  discover: (fs, roots, sinceMs) => discoverCopilotSessions(fs, roots, sinceMs),
  watchGlob: `*/${EVENTS_FILE}`,
  matchesPath: (path) => /[\\/]session-state[\\/][0-9a-fA-F-]{36}[\\/]events\.jsonl$/.test(path),
  sniff: sniffCopilot,
};
