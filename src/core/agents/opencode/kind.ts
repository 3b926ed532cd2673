/**
 * opencode's files as {@link TranscriptKind}s: its SQLite database (every session) and its log (the retried API errors).
 * Where they are, how to find them, how to tell them by content. Pure module: file access through {@link FileAccess}.
 *
 * Layout (opencode 1.18.33, its binary: `Global.Path` from xdg-basedir, the database path `G4()`, the file logger):
 * the data folder is `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode` (on every platform). The database is
 * `<data>/opencode.db` for the release channels (`latest`, `beta`, `prod`; or with OPENCODE_DISABLE_CHANNEL_DB),
 * `<data>/opencode-<channel>.db` for other builds; `$OPENCODE_DB` replaces it (an absolute path, or a name in the data
 * folder; `:memory:` keeps nothing). Beside it: `opencode.db-wal` and `opencode.db-shm` (WAL mode). The log is
 * `<data>/log/opencode.log`, appended to by every opencode process (older releases wrote `<data>/log/<ISO time>.log`).
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { RootContext, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';
import { opencodeDatabaseFormat } from './format';
import { LOG_LINE, opencodeLogFormat } from './log';

/** A database file name opencode gives: `opencode.db`, or `opencode-<channel>.db`. */
export const DATABASE_NAME = /^opencode(?:-[A-Za-z0-9._-]+)?\.db$/;

/** The data folder: `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`. */
export function opencodeDataDir(ctx: RootContext): string {
  const xdg = ctx.env.XDG_DATA_HOME;
  return xdg ? ctx.join(xdg, 'opencode') : ctx.join(ctx.home, '.local', 'share', 'opencode');
}

/** True for an absolute path (`/x`, `C:\x`, `\\server\x`). */
function isAbsolute(p: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
}

/**
 * Where the database is looked for: the data folder, and `$OPENCODE_DB` when it names a file elsewhere (a relative name
 * is a file in the data folder, found there by its discovery when it has a database name, else listed itself).
 */
export function opencodeDatabaseRoots(ctx: RootContext): string[] {
  const data = opencodeDataDir(ctx);
  const db = ctx.env.OPENCODE_DB;
  if (!db || db === ':memory:') {
    return [data];
  }
  const file = isAbsolute(db) ? db : ctx.join(data, db);
  return file.startsWith(data) && DATABASE_NAME.test(db) ? [data] : [data, file];
}

/** The id of the session a database's unreadable content is counted in before any session is known: its file name. */
function fallbackId(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Lists opencode databases under `roots` modified (the database or its WAL) at or after `sinceMs`, newest first: in each
 * root (and its `opencode` folder, for a root given as `~/.local/share`), the files with a database name; a root that
 * is a file is taken as it is (`$OPENCODE_DB`). Missing roots are skipped. Never throws.
 */
export async function discoverOpencodeDatabases(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new Map<string, TranscriptFile>();
  const add = async (path: string): Promise<void> => {
    if (found.has(path)) {
      return;
    }
    const st = await fs.stat(path).catch(() => undefined);
    const wal = await fs.stat(path + '-wal').catch(() => undefined);
    const mtime = Math.max(st?.mtime ?? 0, wal?.mtime ?? 0);
    if (st && !st.isDirectory && mtime >= sinceMs) {
      found.set(path, { path, sessionIdFromName: fallbackId(path), mtime, size: st.size });
    }
  };
  for (const root of roots) {
    const st = await fs.stat(root).catch(() => undefined);
    if (st && !st.isDirectory) {
      await add(root);
      continue;
    }
    for (const dir of [root, fs.join(root, 'opencode')]) {
      for (const name of await listNames(fs, dir)) {
        if (DATABASE_NAME.test(name)) {
          await add(fs.join(dir, name));
        }
      }
    }
  }
  return [...found.values()].sort((a, b) => b.mtime - a.mtime);
}

/**
 * Lists opencode logs under `roots` (each a `log` folder, or a data folder holding one) modified at or after `sinceMs`,
 * newest first: every `*.log` file. Never throws.
 */
export async function discoverOpencodeLogs(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const dir of [root, fs.join(root, 'log')]) {
      for (const name of await listNames(fs, dir)) {
        if (name.endsWith('.log')) {
          await found.add(fs.join(dir, name), name.replace(/\.log$/, ''));
        }
      }
    }
  }
  return found.newestFirst();
}

/** Table names only opencode's schema has, as its migrations write them (backquoted) into the schema on page 1. */
const OPENCODE_DDL =
  /CREATE TABLE `(?:event_sequence|session_share|control_account|data_migration|session_message|session_context_epoch|project_directory|account_state)`/;

/**
 * True when the start of a file is an opencode database: the SQLite header and, on the first page, the schema of one of
 * opencode's own tables. A database whose schema is not on its first page yet (a new one, whose pages are all in its
 * WAL) is not recognised by content: it is found by its name and by the discovery.
 */
export function sniffOpencodeDatabase(head: string): boolean {
  return head.startsWith('SQLite format 3\u0000') && OPENCODE_DDL.test(head);
}

/** True when the first line is a line of opencode's log (`timestamp=<ISO> level=<LEVEL> run=<8 hex digits> ...`). */
export function sniffOpencodeLog(head: string): boolean {
  return LOG_LINE.test(head.split('\n', 1)[0]);
}

/** opencode 1.18's database, every session in it: a document kind read from its bytes (with the `-wal` beside it). */
export const opencodeDatabaseKind: TranscriptKind = {
  id: 'opencode',
  agent: 'opencode',
  label: 'opencode sessions (database)',
  reader: 'document',
  format: opencodeDatabaseFormat,
  defaultRoots: (ctx) => opencodeDatabaseRoots(ctx),
  discover: (fs, roots, sinceMs) => discoverOpencodeDatabases(fs, roots, sinceMs),
  watchGlob: 'opencode*.db*',
  matchesPath: (path) => DATABASE_NAME.test(path.split(/[\\/]/).pop() ?? ''),
  sniff: sniffOpencodeDatabase,
};

/** opencode 1.18's log: the API errors it retried. */
export const opencodeLogKind: TranscriptKind = {
  id: 'opencode-log',
  agent: 'opencode',
  label: 'opencode log',
  reader: 'lines',
  format: opencodeLogFormat,
  defaultRoots: (ctx) => [ctx.join(opencodeDataDir(ctx), 'log')],
  discover: (fs, roots, sinceMs) => discoverOpencodeLogs(fs, roots, sinceMs),
  watchGlob: '*.log',
  matchesPath: (path) => /[\\/]opencode[\\/]log[\\/][^\\/]+\.log$/.test(path),
  sniff: sniffOpencodeLog,
};
