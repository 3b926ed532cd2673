/**
 * Qwen Code session files as a {@link TranscriptKind}: where they are, how to find them, how to tell them by content.
 * Pure module: file access through {@link FileAccess}.
 *
 * Layout (Qwen Code 0.24.4, `Storage` in packages/core/src/config/storage.ts): the runtime folder is `$QWEN_RUNTIME_DIR`
 * when set, else the setting `advanced.runtimeOutputDir`, else the global folder (`$QWEN_HOME` when set, else
 * `~/.qwen`); `~` and `~/...` in the variables are the home folder. Sessions are
 * `<runtime>/projects/<project>/chats/<session id>.jsonl`, `<project>` being the working folder with every character
 * outside `[a-zA-Z0-9]` replaced by `-` (`sanitizeCwd`), the session id a UUID. Beside them: sidecars
 * `<id>.ledger.jsonl`, `<id>.runtime.json`, and archived sessions in `chats/archive/` (not watched). A
 * `runtimeOutputDir` setting, or a `QWEN_HOME` given only in `~/.qwen/.env` or `~/.env` (which the CLI also reads), is not
 * seen here: configure that root by hand.
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { qwenFormat } from './session';

/** A session file name: a session id (UUID, with or without dashes) + `.jsonl` (`SESSION_FILE_PATTERN` of the CLI). */
export const SESSION_FILE_NAME = /^([0-9a-fA-F-]{32,36})\.jsonl$/;

/** `~` and `~/x` (or `~\x`) against the home folder, as the CLI resolves its folder variables; other values as given. */
function expandHome(ctx: RootContext, dir: string): string {
  if (dir === '~') {
    return ctx.home;
  }
  return /^~[\\/]/.test(dir)
    ? ctx.join(
        ctx.home,
        ...dir
          .slice(2)
          .split(/[\\/]+/)
          .filter(Boolean),
      )
    : dir;
}

/** The `projects` folder the CLI writes to: `$QWEN_RUNTIME_DIR/projects`, else `$QWEN_HOME/projects`, else `~/.qwen/projects`. */
export function qwenProjectsRoot(ctx: RootContext): string {
  const runtime = ctx.env.QWEN_RUNTIME_DIR;
  if (runtime) {
    return ctx.join(expandHome(ctx, runtime), 'projects');
  }
  const home = ctx.env.QWEN_HOME;
  return home ? ctx.join(expandHome(ctx, home), 'projects') : ctx.join(ctx.home, '.qwen', 'projects');
}

/**
 * Lists Qwen Code session files under `roots` (each a `projects` folder) modified at or after `sinceMs` (epoch ms), newest
 * first: `<root>/<project>/chats/<uuid>.jsonl`, the session id being the file's base name. Sidecars, archived sessions and
 * other files are left out; missing roots and unreadable entries are skipped. Never throws.
 */
export async function discoverQwenSessions(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const project of await listNames(fs, root)) {
      const chats = fs.join(root, project, 'chats');
      for (const name of await listNames(fs, chats)) {
        const m = SESSION_FILE_NAME.exec(name);
        if (m) {
          await found.add(fs.join(chats, name), m[1]);
        }
      }
    }
  }
  return found.newestFirst();
}

/**
 * True when the start of a file is a Qwen Code session record: a JSON object with a record `type` (`user`, `assistant`,
 * `tool_result`, `system`), a `uuid` and a `sessionId`, and a mark of Qwen Code's shape (`provenance`, a `message` of
 * `parts`, or a `systemPayload`); and none of Claude Code's (`isSidechain`, `userType`, a `message` with `content`),
 * Codex's (`payload`) or Gemini CLI's (`projectHash`) fields. Only the first line is looked at.
 */
export function sniffQwen(head: string): boolean {
  const first = head.split('\n', 1)[0];
  return (
    /^\s*\{/.test(first) &&
    /"type"\s*:\s*"(?:user|assistant|tool_result|system)"/.test(first) &&
    /"uuid"\s*:\s*"/.test(first) &&
    /"sessionId"\s*:\s*"/.test(first) &&
    /"(?:provenance|systemPayload)"\s*:|"message"\s*:\s*\{\s*"role"\s*:\s*"(?:user|model)"\s*,\s*"parts"\s*:/.test(first) &&
    !/"(?:isSidechain|userType|payload|projectHash)"\s*:|"message"\s*:\s*\{\s*"role"\s*:\s*"[a-z]+"\s*,\s*"content"\s*:/.test(first)
  );
}

/** Qwen Code 0.24: `$QWEN_RUNTIME_DIR`, `$QWEN_HOME` or `~/.qwen`, then `projects/<project>/chats/<session id>.jsonl`. */
export const qwenKind: TranscriptKind = {
  id: 'qwen',
  agent: 'qwen',
  label: 'Qwen Code sessions',
  reader: 'lines',
  format: qwenFormat,
  defaultRoots: (ctx) => [qwenProjectsRoot(ctx)],
  discover: (fs, roots, sinceMs) => discoverQwenSessions(fs, roots, sinceMs),
  matchesPath: (path) => /[\\/]projects[\\/][^\\/]+[\\/]chats[\\/](?:archive[\\/])?[0-9a-fA-F-]{32,36}\.jsonl$/.test(path),
  sniff: sniffQwen,
};
