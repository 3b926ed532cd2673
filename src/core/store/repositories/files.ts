/**
 * Repository of the table `files`: where each tailer stopped in each transcript file, so a restart reads only what is
 * new. Pure module.
 */
import type { SqlDatabase } from '../database';

/** Where a tailer stopped in a file: the byte offset after the last complete line, and the size (bytes) and mtime (epoch ms) it saw. */
export interface FileState {
  path: string;
  sessionId: string;
  offset: number;
  size: number;
  mtime: number;
}

/** Reads and writes `files`. Every method throws only on a SQLite error (a bug). */
export class FilesRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** The state of a file (by the path the tailer used), or undefined when it was never read. */
  get(path: string): FileState | undefined {
    const r = this.db.get('SELECT * FROM files WHERE path = ?', [path]);
    return r
      ? { path: String(r.path), sessionId: String(r.session_id), offset: Number(r.offset), size: Number(r.size), mtime: Number(r.mtime) }
      : undefined;
  }

  /** Inserts or replaces the state of `s.path`. */
  set(s: FileState): void {
    this.db.run(
      'INSERT INTO files (path, session_id, offset, size, mtime) VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET session_id = excluded.session_id, offset = excluded.offset, size = excluded.size, mtime = excluded.mtime',
      [s.path, s.sessionId, s.offset, s.size, s.mtime],
    );
  }

  /** Forgets a file (unknown paths are ignored). */
  delete(path: string): void {
    this.db.run('DELETE FROM files WHERE path = ?', [path]);
  }
}
