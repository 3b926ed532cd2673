/**
 * Benchmark (figures printed, nothing asserted): what one change of an opencode database costs the document reader,
 * which copies the database and its WAL, applies the WAL and parses the whole database again at each change
 * (src/core/ingest/documentReader.ts, src/core/agents/opencode/format.ts). Sizes: the real `tool_loop` database of
 * opencode 1.18.33 (test/fixtures/opencode) and databases grown from it to 1,000, 10,000 and 50,000 event rows (its
 * event rows copied under new ids, then exported by sql.js: no WAL). Per size: the median time of one read through
 * DocumentReader (from a changed file to the events ingested, a fresh engine each time), and in the same run the floor
 * of any SQLite read, sql.js opening the same bytes and closing (the ratio holds on a busy machine); the bytes read and
 * the growth of the process's memory (heap + array buffers) over one read. Run: npm run compile-tests && node
 * out/bench/opencodeDb.bench.js [runs]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { WAL_SUFFIX, opencodeDatabaseFormat } from '../src/core/agents/opencode/format';
import { applyWal } from '../src/core/agents/opencode/wal';
import { DEFAULT_ENGINE_CONFIG, Engine } from '../src/core/engine/engine';
import { DocumentReader } from '../src/core/ingest/documentReader';
import { Store } from '../src/core/store/store';
import { nodeFileAccess } from '../src/host/node/nodeFileAccess';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/opencode');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The fixture's database with its WAL applied, grown to `rows` event rows (0: as it is, with its WAL kept apart). */
function database(sql: SqlJsStatic, rows: number): { db: Uint8Array; wal?: Uint8Array } {
  const db = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, 'tool_loop.db.gz')));
  const wal = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, 'tool_loop.db-wal.gz')));
  if (rows === 0) {
    return { db, wal };
  }
  const handle = new sql.Database(applyWal(db, wal).bytes);
  const have = Number(handle.exec('SELECT count(*) FROM event')[0].values[0][0]);
  for (let copy = 0; have * (copy + 1) < rows; copy++) {
    handle.run(
      `INSERT INTO event (id, aggregate_id, seq, type, data) SELECT id || '-c${copy}', aggregate_id, seq + ${(copy + 1) * 100000}, type, data FROM event WHERE id NOT LIKE '%-c%' LIMIT ${Math.min(have, rows - have * (copy + 1))}`,
    );
  }
  const bytes = handle.export();
  handle.close();
  return { db: bytes };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 7);
  const sql = await initSqlJs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-opencode-'));
  const file = path.join(dir, 'opencode.db');
  const rowsOut: string[] = [];
  try {
    for (const rows of [0, 1_000, 10_000, 50_000]) {
      const { db, wal } = database(sql, rows);
      fs.writeFileSync(file, db);
      fs.rmSync(file + WAL_SUFFIX, { force: true });
      if (wal) {
        fs.writeFileSync(file + WAL_SUFFIX, wal);
      }
      const bytes = db.length + (wal?.length ?? 0);
      const read: number[] = [];
      const floor: number[] = [];
      let events = 0;
      let grew = 0;
      for (let i = 0; i < runs; i++) {
        const engine = new Engine(Store.open(sql), { ...DEFAULT_ENGINE_CONFIG, activeWindowMs: Number.MAX_SAFE_INTEGER });
        const reader = new DocumentReader(nodeFileAccess, engine, { sql: () => Promise.resolve(sql) });
        global.gc?.();
        const before = process.memoryUsage();
        const t0 = process.hrtime.bigint();
        const r = await reader.read(file, opencodeDatabaseFormat, 'opencode.db', false);
        read.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const after = process.memoryUsage();
        grew = Math.max(grew, after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers));
        if (r.error) {
          throw new Error(r.error);
        }
        events = r.events;
        const image = wal ? applyWal(db, wal).bytes : db;
        const t1 = process.hrtime.bigint();
        new sql.Database(image).close();
        floor.push(Number(process.hrtime.bigint() - t1) / 1e6);
      }
      const label = rows === 0 ? 'tool_loop as written (WAL apart)' : `grown to ${rows.toLocaleString('en')} event rows`;
      rowsOut.push(
        `| ${label} | ${(bytes / 1024 / 1024).toFixed(1)} MiB | ${events} | ${median(read).toFixed(0)} ms | ${median(floor).toFixed(1)} ms | ${(median(read) / median(floor)).toFixed(1)}x | ${(grew / 1024 / 1024).toFixed(0)} MiB |`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `opencode database, one change read by the document reader (median of ${runs}; Node ${process.versions.node}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`,
  );
  console.log('| database | bytes read | events | read + parse + ingest | sql.js open alone (floor) | ratio | memory growth (max) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rowsOut) {
    console.log(r);
  }
}

void main();
