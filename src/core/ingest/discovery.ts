/**
 * What every agent's discovery shares: {@link TranscriptFile} (one file found), {@link TranscriptFileCollector} (keeps the
 * files modified since a time, newest first) and {@link listNames}. Pure module: file access through {@link FileAccess}.
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

/** The names in a folder; [] when it does not exist or cannot be read. */
export function listNames(fs: FileAccess, dir: string): Promise<string[]> {
  return fs.list(dir).catch(() => [] as string[]);
}

/**
 * What every kind's discovery does with a candidate path: {@link add} stats it (never throws) and keeps it when it is a
 * file modified at or after `sinceMs` (epoch ms); {@link newestFirst} returns the kept files, newest first.
 */
export class TranscriptFileCollector {
  private readonly found: TranscriptFile[] = [];

  constructor(
    private readonly fs: FileAccess,
    private readonly sinceMs: number,
  ) {}

  /** `sessionIdFromName`: the id, or a function giving it (called only for a kept file, e.g. to read its head). */
  async add(path: string, sessionIdFromName: string | (() => Promise<string>)): Promise<void> {
    const st = await this.fs.stat(path).catch(() => undefined);
    if (st && !st.isDirectory && st.mtime >= this.sinceMs) {
      const id = typeof sessionIdFromName === 'string' ? sessionIdFromName : await sessionIdFromName();
      this.found.push({ path, sessionIdFromName: id, mtime: st.mtime, size: st.size });
    }
  }

  newestFirst(): TranscriptFile[] {
    return [...this.found].sort((a, b) => b.mtime - a.mtime);
  }
}
