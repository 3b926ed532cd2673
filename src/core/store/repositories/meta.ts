/**
 * Repository of the table `meta`: text values by key. Versions 1 and 2 keep their schema marker here (key `schema`);
 * the shared store file records who wrote it (see ../sharedStore.ts). Pure module.
 */
import type { SqlDatabase } from '../database';

/** Reads and writes `meta`. Every method throws only on a SQLite error (a bug). */
export class MetaRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** The value of `key`, or undefined when it has none. */
  get(key: string): string | undefined {
    const r = this.db.get('SELECT value FROM meta WHERE key = ?', [key]);
    return r && r.value !== null ? String(r.value) : undefined;
  }

  /** Sets `key` to `value` (a change of the data: the store is then dirty). */
  set(key: string, value: string): void {
    this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}
