/**
 * A buffer that sql.js's `Database.export` writes into again at each save, instead of a fresh one each time. sql.js 1.16
 * exports by copying the database, page by page, into `new Uint8Array(page_count * page_size)`: for a store of tens of
 * MB most of that time is the first touch of fresh memory (on the 2-core benchmark VM, ~155 of ~200 ms for 52 MB), and
 * it recurs at every save since each export's buffer is new. sql.js exposes neither its file system nor
 * `sqlite3_serialize`, so the one way to hand it a buffer is to answer that allocation: for the length of one `export`
 * call (synchronous), the global `Uint8Array` constructor answers a request of exactly the database's size with a view
 * of this buffer, and every other request as usual. Pure module.
 */
import type { Database } from 'sql.js';

/** Below this size (bytes) an export allocates as sql.js does: a small store's export is quick, and no memory is held. */
export const REUSE_FROM_BYTES = 1 << 20;

/** Bytes of a reserved buffer touched per turn by {@link ExportBuffer.reserve} (~1,000 pages). */
export const RESERVE_SLICE_BYTES = 4 << 20;

/**
 * The reused buffer of one database's saves. Bytes returned by {@link export} stay valid until its next call; hold at
 * most one save in flight per buffer. Memory held: the largest store exported so far, plus a quarter.
 */
export class ExportBuffer {
  private buffer: ArrayBuffer | undefined;
  /** Exports that were written into the reused buffer (the others: a store under {@link REUSE_FROM_BYTES}, or a sql.js that allocates otherwise). */
  reused = 0;
  /** Buffers {@link reserve} allocated and put in place. */
  reserved = 0;
  private reserving = false;

  /**
   * `db.export()` written into this buffer when the database is at least {@link REUSE_FROM_BYTES}: the same bytes
   * (SQLite file format), valid until the next call.
   * @throws what `db.export()` throws (the global constructor is restored first)
   */
  export(db: Database): Uint8Array {
    const size = pagesSize(db);
    if (size < REUSE_FROM_BYTES) {
      return db.export();
    }
    if (!this.buffer || this.buffer.byteLength < size) {
      this.buffer = undefined; // the old one can go before the new one is allocated
      this.buffer = new ArrayBuffer(size + Math.floor(size / 4));
    }
    const buffer = this.buffer;
    const Real = globalThis.Uint8Array;
    const pooled = function (...args: unknown[]): Uint8Array {
      const target: unknown = new.target;
      if (target && args.length === 1 && args[0] === size) {
        return new Real(buffer, 0, size);
      }
      if (!target) {
        return Reflect.apply(Real, undefined, args) as Uint8Array; // throws, as Uint8Array called without `new` does
      }
      // a subclass's construction keeps its class
      return Reflect.construct(Real, args, target === pooled ? Real : (target as Uint8ArrayConstructor)) as Uint8Array;
    };
    const Pooled = pooled as unknown as Uint8ArrayConstructor;
    Object.setPrototypeOf(Pooled, Real);
    Object.defineProperty(Pooled, 'prototype', { value: Real.prototype });
    globalThis.Uint8Array = Pooled;
    let bytes: Uint8Array;
    try {
      bytes = db.export();
    } finally {
      globalThis.Uint8Array = Real;
    }
    if (bytes.buffer === buffer) {
      this.reused++;
    }
    return bytes;
  }

  /**
   * Makes sure the buffer holds a store of `size` bytes, allocating a bigger one (a quarter more) when it does not and
   * touching it `sliceBytes` at a time with `nextTurn()` between slices, so that the save which needs it does not pay
   * for fresh memory while it holds the thread. Nothing under {@link REUSE_FROM_BYTES}, or while another reservation
   * runs. Resolves when done; never rejects unless `nextTurn` does.
   */
  async reserve(size: number, nextTurn: () => Promise<void>, sliceBytes = RESERVE_SLICE_BYTES): Promise<void> {
    if (size < REUSE_FROM_BYTES || this.reserving || (this.buffer?.byteLength ?? 0) >= size) {
      return;
    }
    this.reserving = true;
    try {
      const next = new ArrayBuffer(size + Math.floor(size / 4));
      for (let at = 0; at < next.byteLength; at += sliceBytes) {
        new Uint8Array(next, at, Math.min(sliceBytes, next.byteLength - at)).fill(0);
        await nextTurn();
      }
      if ((this.buffer?.byteLength ?? 0) < next.byteLength) {
        this.buffer = next;
        this.reserved++;
      }
    } finally {
      this.reserving = false;
    }
  }
}

/** page_count * page_size of the main database (bytes): the size of its export. */
function pagesSize(db: Database): number {
  const r = db.exec('PRAGMA main.page_count; PRAGMA main.page_size');
  return Number(r[0]?.values[0]?.[0] ?? 0) * Number(r[1]?.values[0]?.[0] ?? 0);
}
