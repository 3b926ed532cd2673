/**
 * Task histories of Cline and its forks (Roo Code, Kilo Code) as {@link TranscriptKind}s: where the VS Code extensions and
 * the Cline CLI keep them, how to find them. One factory for the three agents. Pure module: file access through
 * {@link FileAccess}.
 *
 * Layout: each task is a folder `tasks/<task id>/` (the id: epoch ms for Cline, a UUID for Roo Code and Kilo Code) holding
 * `ui_messages.json` (read here), `api_conversation_history.json` and `task_metadata.json`. The VS Code extensions keep
 * `tasks/` in their global storage, `<user data>/User/globalStorage/<extension id>/` (`context.globalStorageUri`); the
 * Cline CLI keeps it in its data folder (`~/.cline/data`, see {@link clineDataRoots}).
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { DocumentFormat, RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { parseTaskMessages } from './taskMessages';

/** The file of a task that is read. */
export const UI_MESSAGES = 'ui_messages.json';

/**
 * The user-data folders of VS Code and the editors built on it, by their folder name: VS Code, its Insiders build,
 * VSCodium, Cursor, Windsurf (the desktop apps); and the servers of their remote modes (SSH, WSL, containers) under the
 * home folder, where a remote window runs its extensions.
 */
const DESKTOP_APPS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'];
const SERVER_FOLDERS = ['.vscode-server', '.vscode-server-insiders', '.vscodium-server', '.cursor-server', '.windsurf-server'];

/**
 * The `User/globalStorage` folders of every editor of the VS Code family on this machine's platform, from the environment:
 * Windows (`%APPDATA%` set) `%APPDATA%\<app>`; macOS (home under `/Users/`) `~/Library/Application Support/<app>`; else
 * `$XDG_CONFIG_HOME/<app>` or `~/.config/<app>`; then code-server (`$XDG_DATA_HOME/code-server` or
 * `~/.local/share/code-server`), the remote servers (`~/<server>/data`) and a portable VS Code (`$VSCODE_PORTABLE/user-data`).
 * The running extension host's own user data comes first when the host tells it (`VSCODE_USER_DATA`-style roots are not in
 * the environment; see the plug-in's FORMAT.md).
 */
export function vscodeGlobalStorageRoots(ctx: RootContext): string[] {
  const { env, home } = ctx;
  let base: string;
  if (env.APPDATA) {
    base = env.APPDATA;
  } else if (/^\/Users\//.test(home)) {
    base = ctx.join(home, 'Library', 'Application Support');
  } else {
    base = env.XDG_CONFIG_HOME || ctx.join(home, '.config');
  }
  const userData = [
    ...DESKTOP_APPS.map((app) => ctx.join(base, app)),
    ctx.join(env.XDG_DATA_HOME || ctx.join(home, '.local', 'share'), 'code-server'),
    ...SERVER_FOLDERS.map((f) => ctx.join(home, f, 'data')),
    ...(env.VSCODE_PORTABLE ? [ctx.join(env.VSCODE_PORTABLE, 'user-data')] : []),
  ];
  return userData.map((d) => ctx.join(d, 'User', 'globalStorage'));
}

/**
 * The Cline CLI's task folders: `$CLINE_DATA_DIR/tasks` when set (newer releases keep all data there), and
 * `<$CLINE_DIR or ~/.cline>/data/tasks` (2.18.0 keeps its data there and moves only its logs to CLINE_DATA_DIR).
 */
export function clineDataRoots(ctx: RootContext): string[] {
  const dir = ctx.join(ctx.env.CLINE_DIR || ctx.join(ctx.home, '.cline'), 'data', 'tasks');
  return ctx.env.CLINE_DATA_DIR ? [ctx.join(ctx.env.CLINE_DATA_DIR, 'tasks'), dir] : [dir];
}

/**
 * Lists `<root>/<task id>/ui_messages.json` under `roots` (each a `tasks` folder) modified at or after `sinceMs` (epoch ms),
 * newest first; the session id is the task id. Missing roots and unreadable entries are skipped. Never throws.
 */
export async function discoverTasks(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const id of await listNames(fs, root)) {
      if (!id.startsWith('.')) {
        await found.add(fs.join(root, id, UI_MESSAGES), id);
      }
    }
  }
  return found.newestFirst();
}

/** The task id of a `.../tasks/<id>/ui_messages.json` path, or undefined. */
export function taskIdOf(path: string): string | undefined {
  return /[\\/]tasks[\\/]([^\\/]+)[\\/]ui_messages\.json$/.exec(path)?.[1];
}

/** What differs between the three agents' kinds. */
export interface TaskKindSpec {
  id: string;
  agent: string;
  label: string;
  /** The VS Code extension id, lower case (`saoudrizwan.claude-dev`). */
  extensionId: string;
  /** More `tasks` folders (the Cline CLI's). */
  extraRoots?: (ctx: RootContext) => string[];
  /** True for a `ui_messages.json` path this agent claims when the extension id is not in it. */
  claimsOtherPath?: (path: string) => boolean;
  /** True when the start of a task history looks like this agent's. */
  sniff: (head: string) => boolean;
}

/** The document format of one agent's task histories. */
export function taskFormat(agent: string): DocumentFormat {
  return {
    agent,
    parseDocument: (text, file, fallbackSessionId) => parseTaskMessages(agent, text, file, fallbackSessionId || taskIdOf(file) || file),
  };
}

/** The {@link TranscriptKind} of one agent's task histories. */
export function taskKind(spec: TaskKindSpec): TranscriptKind {
  const ext = spec.extensionId.replace(/[.]/g, '\\.');
  const inExtension = new RegExp(`[\\\\/]${ext}[\\\\/]tasks[\\\\/][^\\\\/]+[\\\\/]ui_messages\\.json$`, 'i');
  return {
    id: spec.id,
    agent: spec.agent,
    label: spec.label,
    reader: 'document',
    format: taskFormat(spec.agent),
    defaultRoots: (ctx) => [
      ...(spec.extraRoots ? spec.extraRoots(ctx) : []),
      ...vscodeGlobalStorageRoots(ctx).map((g) => ctx.join(g, spec.extensionId, 'tasks')),
    ],
    watchGlob: `*/${UI_MESSAGES}`,
    discover: (fs, roots, sinceMs) => discoverTasks(fs, roots, sinceMs),
    matchesPath: (path) => inExtension.test(path) || (!!spec.claimsOtherPath && spec.claimsOtherPath(path)),
    sniff: spec.sniff,
  };
}

/** The start of a `ui_messages.json`: a JSON array whose first message is `{"ts": <number>, "type": "say", "say": <say>`. */
export function firstSayIs(head: string, say: string): boolean {
  const m = /^\uFEFF?\s*\[\s*\{([\s\S]{0,400})/.exec(head);
  return (
    !!m &&
    /^\s*"ts"\s*:\s*\d+\s*,\s*"type"\s*:\s*"say"\s*,/.test(m[1]) &&
    new RegExp(`^\\s*"ts"\\s*:\\s*\\d+\\s*,\\s*"type"\\s*:\\s*"say"\\s*,\\s*"say"\\s*:\\s*"${say}"`).test(m[1])
  );
}
