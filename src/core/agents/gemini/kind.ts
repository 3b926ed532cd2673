/**
 * Gemini CLI session files as a {@link TranscriptKind}: where they are, how to find them. Pure module: file access
 * through {@link FileAccess}.
 *
 * Layout (Gemini CLI 0.61.0, `Storage` in packages/core/src/config/storage.ts): the global folder is
 * `$GEMINI_CLI_HOME/.gemini` when `GEMINI_CLI_HOME` is set, else `~/.gemini`; sessions are under its `tmp` folder:
 * `<root>/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<first 8 of session id>.jsonl`, subagents under
 * `<root>/<project>/chats/<parent session id>/<subagent id>.jsonl`. (With `SANDBOX=sandbox-exec` the CLI uses
 * `~/.cache/.gemini/tmp` instead; configure that root by hand.)
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { geminiFormat } from './session';

/** Bytes read from the start of a session file to find its `sessionId` (the metadata line is ~250 bytes). */
const HEAD_BYTES = 2048;

/** The session id in a file's first line (`{"sessionId":"...","projectHash":...}`), if any. */
export function sessionIdFromHead(head: string): string | undefined {
  const first = head.split('\n', 1)[0];
  const m = /^\s*\{"sessionId"\s*:\s*"([^"\\]+)"/.exec(first);
  return m ? m[1] : undefined;
}

/** The short id in a main session file name (`session-2026-11-23T16-51-3292c119.jsonl` -> `3292c119`). */
function shortIdFromName(name: string): string {
  const m = /^session-.*-([^-]+)\.jsonl$/.exec(name);
  return m ? m[1] : name.replace(/\.jsonl$/, '');
}

/**
 * Lists Gemini CLI session files under `roots` (each a `.gemini/tmp` folder) modified at or after `sinceMs` (epoch ms),
 * newest first. The session id of a main file is read from its first line (the file name holds only 8 characters of
 * it); a subagent file gets its parent's id (its folder name). Missing roots and unreadable entries are skipped; never
 * throws.
 */
export async function discoverGeminiSessions(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (const root of roots) {
    for (const project of await listNames(fs, root)) {
      const chats = fs.join(root, project, 'chats');
      for (const name of await listNames(fs, chats)) {
        const path = fs.join(chats, name);
        if (/^session-.*\.jsonl$/.test(name)) {
          await found.add(path, async () => {
            const head = await fs.read(path, 0, HEAD_BYTES).catch(() => new Uint8Array());
            return sessionIdFromHead(decoder.decode(head)) ?? shortIdFromName(name);
          });
        } else if (!name.includes('.')) {
          for (const sub of await listNames(fs, path)) {
            if (sub.endsWith('.jsonl')) {
              await found.add(fs.join(path, sub), async () => name);
            }
          }
        }
      }
    }
  }
  return found.newestFirst();
}

/** Gemini CLI 0.61: `$GEMINI_CLI_HOME/.gemini/tmp` or `~/.gemini/tmp`, `<project>/chats/session-*.jsonl`. */
export const geminiKind: TranscriptKind = {
  id: 'gemini',
  agent: 'gemini',
  label: 'Gemini CLI sessions',
  reader: 'lines',
  format: geminiFormat,
  defaultRoots: (ctx) => [ctx.join(ctx.env.GEMINI_CLI_HOME || ctx.home, '.gemini', 'tmp')],
  discover: (fs, roots, sinceMs) => discoverGeminiSessions(fs, roots, sinceMs),
  matchesPath: (path) =>
    /[\\/]chats[\\/]session-[^\\/]*\.jsonl$/.test(path) ||
    /[\\/]\.gemini[\\/]tmp[\\/][^\\/]+[\\/]chats[\\/][^\\/]+[\\/][^\\/]+\.jsonl$/.test(path),
  sniff: (head) => /^\s*\{"sessionId"\s*:\s*"[^"]*"\s*,\s*"projectHash"\s*:/.test(head),
};
