/**
 * pi's session files as a {@link TranscriptKind}: where they are, how to find them, how to tell them by content. Pure
 * module: file access through {@link FileAccess}.
 *
 * Layout (pi 0.73.1, dist/config.js and dist/core/session-manager.js): the agent folder is `$PI_CODING_AGENT_DIR` (`~`
 * expanded), else `~/.pi/agent`; sessions are `<agent>/sessions/--<cwd with / \ : as ->--/<ISO time with : . as ->_<uuid>.jsonl`.
 * `$PI_CODING_AGENT_SESSION_DIR` (or `--session-dir`, or `sessionDir` in settings.json) puts the files directly in that
 * folder instead.
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { piFormat } from './session';

/** A session file name: `<time>_<uuid>.jsonl`; group 1 is the session id (the header's `id`). */
export const PI_SESSION_FILE = /^\d{4}-\d\d-\d\dT[\d-]+Z_([0-9a-fA-F-]{36})\.jsonl$/;

/** `~` and `~/...` against the home folder, as pi's `expandTildePath` does. */
function expandHome(ctx: RootContext, dir: string): string {
  if (dir === '~') {
    return ctx.home;
  }
  return dir.startsWith('~/') ? ctx.join(ctx.home, dir.slice(2)) : dir;
}

/** Where pi's sessions are: `$PI_CODING_AGENT_SESSION_DIR`, and `$PI_CODING_AGENT_DIR/sessions` or `~/.pi/agent/sessions`. */
export function piSessionRoots(ctx: RootContext): string[] {
  const agent = ctx.env.PI_CODING_AGENT_DIR ? expandHome(ctx, ctx.env.PI_CODING_AGENT_DIR) : ctx.join(ctx.home, '.pi', 'agent');
  const roots = [ctx.join(agent, 'sessions')];
  const sessionDir = ctx.env.PI_CODING_AGENT_SESSION_DIR;
  return sessionDir ? [expandHome(ctx, sessionDir), ...roots] : roots;
}

/**
 * Lists pi session files under `roots` modified at or after `sinceMs`, newest first: `<root>/--<cwd>--/<file>` and
 * `<root>/<file>` (a custom session folder). Missing roots are skipped. Never throws.
 */
export async function discoverPiSessions(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  const addFiles = async (dir: string): Promise<void> => {
    for (const name of await listNames(fs, dir)) {
      const m = PI_SESSION_FILE.exec(name);
      if (m) {
        await found.add(fs.join(dir, name), m[1]);
      }
    }
  };
  for (const root of roots) {
    await addFiles(root);
    for (const name of await listNames(fs, root)) {
      if (/^--.*--$/.test(name)) {
        await addFiles(fs.join(root, name));
      }
    }
  }
  return found.newestFirst();
}

/** True when the first line is pi's session header: `{"type":"session","version":N,"id":"<uuid>",...,"cwd":...}`. */
export function sniffPi(head: string): boolean {
  const first = head.split('\n', 1)[0];
  return (
    /^\s*\{\s*"type"\s*:\s*"session"\s*,\s*"version"\s*:\s*\d+\s*,\s*"id"\s*:\s*"[0-9a-fA-F-]{36}"/.test(first) && /"cwd"\s*:/.test(first)
  );
}

/** pi's session files. */
export const piKind: TranscriptKind = {
  id: 'pi',
  agent: 'pi',
  label: 'pi sessions',
  reader: 'lines',
  format: piFormat,
  defaultRoots: (ctx) => piSessionRoots(ctx),
  discover: (fs, roots, sinceMs) => discoverPiSessions(fs, roots, sinceMs),
  matchesPath: (path) => PI_SESSION_FILE.test(path.split(/[\\/]/).pop() ?? '') && /[\\/]\.pi[\\/]agent[\\/]sessions[\\/]/.test(path),
  sniff: sniffPi,
};
