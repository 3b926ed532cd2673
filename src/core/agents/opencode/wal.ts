/**
 * A SQLite database as a reader sees it: the database file with the committed frames of its write-ahead log (`-wal`)
 * applied, as one image sql.js can open. sql.js opens a database from bytes and cannot read a WAL, and opencode keeps
 * most of a live session (and of the last run: it leaves the WAL behind on exit) in its WAL, so the frames are applied
 * here. Pure module: bytes in, bytes out.
 *
 * The WAL format (https://www.sqlite.org/fileformat2.html#the_write_ahead_log): a 32-byte header (magic 0x377f0682 or
 * 0x377f0683, version, page size, checkpoint sequence, salt-1, salt-2, checksum) and frames of a 24-byte header (page
 * number, database size in pages after a commit or 0, salt-1, salt-2, checksum) followed by the page. A frame is valid
 * while its salts are the header's and the running checksum matches; the database is the file's pages overlaid with the
 * valid frames up to the last commit frame (a later version of a page wins), cut to the size that commit gives. Frames
 * after the last commit (a transaction being written) and frames of an earlier WAL generation (other salts) are left out,
 * as SQLite itself does.
 */

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
/** "SQLite format 3\0", the first 16 bytes of every SQLite database file. */
export const SQLITE_HEADER = 'SQLite format 3\u0000';

/** What applying a WAL did. */
export interface WalResult {
  /** The database image (a new array when frames were applied or the header patched; else the input). */
  bytes: Uint8Array;
  /** Committed frames applied. */
  frames: number;
  /** Valid frames after the last commit (a transaction still being written), not applied. */
  uncommitted: number;
  /** Why the WAL was not used at all, when it was not (bad header, page size mismatch); undefined when it was or there was none. */
  ignored?: string;
}

/** True when `bytes` start with the SQLite header. */
export function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < 100) {
    return false;
  }
  for (let i = 0; i < SQLITE_HEADER.length; i++) {
    if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/** The page size a database header gives (bytes 16-17, big-endian; 1 means 65536), or 0 when the header is not SQLite's. */
function pageSizeOf(db: Uint8Array): number {
  if (!isSqlite(db)) {
    return 0;
  }
  const v = (db[16] << 8) | db[17];
  return v === 1 ? 65536 : v;
}

function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** SQLite's WAL checksum over `b[from, to)` (8-byte steps) continuing from `s`; words big- or little-endian. */
function checksum(b: Uint8Array, from: number, to: number, bigEndian: boolean, s: [number, number]): [number, number] {
  let s0 = s[0];
  let s1 = s[1];
  for (let i = from; i < to; i += 8) {
    const x0 = bigEndian
      ? (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]
      : b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    const x1 = bigEndian
      ? (b[i + 4] << 24) | (b[i + 5] << 16) | (b[i + 6] << 8) | b[i + 7]
      : b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * The database `db` with the committed frames of `wal` applied, its header marked as a rollback-journal database (bytes
 * 18-19 set to 1: a WAL-mode header makes SQLite look for the WAL and its shared memory, which an in-memory copy has
 * not). `wal` undefined or empty: the database as it is (header patched). A WAL whose header or first frame does not
 * check out is ignored (`ignored` says why): the database file alone is what SQLite would read too. Never throws.
 */
export function applyWal(db: Uint8Array, wal: Uint8Array | undefined): WalResult {
  const result: WalResult = { bytes: db, frames: 0, uncommitted: 0 };
  if (wal && wal.length > 0) {
    const applied = applyFrames(db, wal);
    if (typeof applied === 'string') {
      result.ignored = applied;
    } else {
      result.bytes = applied.bytes;
      result.frames = applied.frames;
      result.uncommitted = applied.uncommitted;
    }
  }
  if (isSqlite(result.bytes) && (result.bytes[18] !== 1 || result.bytes[19] !== 1)) {
    if (result.bytes === db) {
      result.bytes = db.slice();
    }
    result.bytes[18] = 1;
    result.bytes[19] = 1;
  }
  return result;
}

function applyFrames(db: Uint8Array, wal: Uint8Array): { bytes: Uint8Array; frames: number; uncommitted: number } | string {
  if (wal.length < WAL_HEADER) {
    return `the WAL is ${wal.length} bytes, shorter than its header`;
  }
  const magic = u32be(wal, 0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) {
    return 'the WAL has no WAL magic number';
  }
  const bigEndian = magic === MAGIC_BE;
  const pageSize = u32be(wal, 8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return `the WAL's page size ${pageSize} is not a SQLite page size`;
  }
  const dbPageSize = pageSizeOf(db);
  if (db.length > 0 && dbPageSize !== pageSize) {
    return `the WAL's page size ${pageSize} is not the database's (${dbPageSize || 'not a SQLite database'})`;
  }
  let sum = checksum(wal, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== u32be(wal, 24) || sum[1] !== u32be(wal, 28)) {
    return 'the WAL header checksum does not match';
  }
  const salt1 = u32be(wal, 16);
  const salt2 = u32be(wal, 20);
  // Latest committed version of each page (its offset in the WAL), and the database size after the last commit.
  const committed = new Map<number, number>();
  const pending = new Map<number, number>();
  let pages = 0;
  let frames = 0;
  let valid = 0;
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    if (u32be(wal, at + 8) !== salt1 || u32be(wal, at + 12) !== salt2) {
      break;
    }
    sum = checksum(wal, at, at + 8, bigEndian, sum);
    sum = checksum(wal, at + FRAME_HEADER, at + FRAME_HEADER + pageSize, bigEndian, sum);
    if (sum[0] !== u32be(wal, at + 16) || sum[1] !== u32be(wal, at + 20)) {
      break;
    }
    const page = u32be(wal, at);
    if (page === 0) {
      break;
    }
    pending.set(page, at + FRAME_HEADER);
    valid++;
    const commitSize = u32be(wal, at + 4);
    if (commitSize > 0) {
      for (const [p, off] of pending) {
        committed.set(p, off);
      }
      pending.clear();
      pages = commitSize;
      frames = valid;
    }
  }
  if (frames === 0) {
    return { bytes: db, frames: 0, uncommitted: valid };
  }
  const out = new Uint8Array(pages * pageSize);
  out.set(db.subarray(0, Math.min(db.length, out.length)));
  for (const [page, off] of committed) {
    if (page <= pages) {
      out.set(wal.subarray(off, off + pageSize), (page - 1) * pageSize);
    }
  }
  return { bytes: out, frames, uncommitted: valid - frames };
}
