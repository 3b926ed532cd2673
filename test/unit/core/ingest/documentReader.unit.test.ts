import * as assert from 'assert';
import { WAL_SUFFIX, opencodeDatabaseFormat } from '../../../../src/core/agents/opencode/format';
import { DocumentReader } from '../../../../src/core/ingest/documentReader';
import type { DocumentFormat } from '../../../../src/core/ingest/kinds';
import type { FileAccess } from '../../../../src/core/ingest/tailer';
import { newEngine, sqlJs } from '../../helpers';
import { document, parseDb } from '../agents/opencode/fixtures';

/** An in-memory file system: path -> { text, mtime }. */
class MemFs implements FileAccess {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  reads = 0;
  write(path: string, text: string, mtime: number): void {
    this.files.set(path, { bytes: new TextEncoder().encode(text), mtime });
  }
  put(path: string, bytes: Uint8Array, mtime: number): void {
    this.files.set(path, { bytes, mtime });
  }
  async stat(path: string) {
    const f = this.files.get(path);
    return f ? { size: f.bytes.length, mtime: f.mtime, isDirectory: false } : undefined;
  }
  async read(path: string, offset: number, length: number) {
    this.reads++;
    return this.files.get(path)!.bytes.subarray(offset, offset + length);
  }
  async list() {
    return [];
  }
  join(...parts: string[]) {
    return parts.join('/');
  }
}

/** A document format for the tests: `{"sessionId": ..., "messages": [{"kind", "text"}]}`. */
const chatFormat: DocumentFormat = {
  agent: 'gemini',
  parseDocument(text, file, fallback) {
    try {
      const o = JSON.parse(text) as { sessionId?: string; messages: { kind: 'user' | 'assistant' | 'error'; text: string }[] };
      const sessionId = o.sessionId ?? fallback;
      return {
        ok: true,
        sessionId,
        info: { title: 'chat' },
        events: o.messages.map((m) => ({ sessionId, agent: 'gemini' as const, timestamp: 0, kind: m.kind, text: m.text })),
      };
    } catch (e) {
      return { ok: false, error: `not JSON: ${(e as Error).message}` };
    }
  },
};

const doc = (...messages: [string, string][]) =>
  JSON.stringify({ sessionId: 'g1', messages: messages.map(([kind, text]) => ({ kind, text })) });

describe('document reader', () => {
  it('ingests only the events after those already ingested, and only when size or mtime changed', async () => {
    const { engine } = await newEngine();
    const fs = new MemFs();
    const reader = new DocumentReader(fs, engine, { chunkBytes: 7 });
    fs.write('/c/chat.json', doc(['user', 'hi'], ['assistant', 'hello']), 1000);
    let r = await reader.read('/c/chat.json', chatFormat, 'fallback', false);
    assert.deepStrictEqual([r.events, r.parsed, r.sessionId], [2, true, 'g1']);
    assert.strictEqual(engine.session('g1')!.messageCount, 2);

    const readsBefore = fs.reads;
    r = await reader.read('/c/chat.json', chatFormat, 'fallback', true);
    assert.deepStrictEqual([r.events, r.parsed], [0, false]);
    assert.strictEqual(fs.reads, readsBefore, 'an unchanged file is not read');

    fs.write('/c/chat.json', doc(['user', 'hi'], ['assistant', 'hello'], ['error', 'API Error: 429 Too Many Requests']), 2000);
    r = await reader.read('/c/chat.json', chatFormat, 'fallback', true);
    assert.strictEqual(r.events, 1);
    const s = engine.session('g1')!;
    assert.strictEqual(s.messageCount, 2);
    assert.strictEqual(s.findings[0].type, 'rate_limit');
    assert.strictEqual(engine.fileState('/c/chat.json')!.offset, 3);
  });

  it('resumes from the count kept in the store after a restart (a new reader on the same engine)', async () => {
    const { engine } = await newEngine();
    const fs = new MemFs();
    fs.write('/c/chat.json', doc(['user', 'a'], ['assistant', 'b']), 1000);
    await new DocumentReader(fs, engine).read('/c/chat.json', chatFormat, 'x', false);
    fs.write('/c/chat.json', doc(['user', 'a'], ['assistant', 'b'], ['user', 'c']), 2000);
    const r = await new DocumentReader(fs, engine).read('/c/chat.json', chatFormat, 'x', true);
    assert.strictEqual(r.events, 1);
    assert.strictEqual(engine.session('g1')!.messageCount, 3);
  });

  it('counts a document that does not parse in the session health once, and re-parses it when it changes', async () => {
    const { engine } = await newEngine();
    const fs = new MemFs();
    const reader = new DocumentReader(fs, engine);
    fs.write('/c/chat.json', '{"sessionId": "g1", "messa', 1000);
    let r = await reader.read('/c/chat.json', chatFormat, 'fb', false);
    assert.match(r.error ?? '', /not JSON/);
    assert.strictEqual(engine.session('fb')!.skippedLines, 1);
    r = await reader.read('/c/chat.json', chatFormat, 'fb', true);
    assert.strictEqual(r.parsed, false);
    assert.strictEqual(engine.session('fb')!.skippedLines, 1);
    fs.write('/c/chat.json', doc(['user', 'ok']), 2000);
    r = await reader.read('/c/chat.json', chatFormat, 'fb', true);
    assert.strictEqual(r.events, 1);
  });

  it('skips a document over the size limit, and rewinds when the agent rewrote it shorter', async () => {
    const { engine } = await newEngine();
    const fs = new MemFs();
    const reader = new DocumentReader(fs, engine, { maxBytes: 120 });
    fs.write('/c/big.json', doc(['user', 'x'.repeat(200)]), 1000);
    const big = await reader.read('/c/big.json', chatFormat, 'big', false);
    assert.match(big.error ?? '', /over the 120-byte limit/);
    assert.strictEqual(big.events, 0);

    const unbounded = new DocumentReader(fs, engine);
    fs.write('/c/chat.json', doc(['user', 'a'], ['assistant', 'b'], ['user', 'c']), 1000);
    await unbounded.read('/c/chat.json', chatFormat, 'x', false);
    fs.write('/c/chat.json', doc(['user', 'summary']), 2000);
    let r = await unbounded.read('/c/chat.json', chatFormat, 'x', true);
    assert.deepStrictEqual([r.rewound, r.events], [true, 0]);
    fs.write('/c/chat.json', doc(['user', 'summary'], ['error', 'API Error: 401 invalid x-api-key']), 3000);
    r = await unbounded.read('/c/chat.json', chatFormat, 'x', true);
    assert.strictEqual(r.events, 1);
    assert.strictEqual(engine.session('g1')!.findings[0].type, 'auth');
  });

  it('drops the file state of a deleted document', async () => {
    const { engine } = await newEngine();
    const fs = new MemFs();
    const reader = new DocumentReader(fs, engine);
    fs.write('/c/chat.json', doc(['user', 'a']), 1000);
    await reader.read('/c/chat.json', chatFormat, 'x', false);
    fs.files.delete('/c/chat.json');
    const r = await reader.read('/c/chat.json', chatFormat, 'x', true);
    assert.strictEqual(r.gone, true);
    assert.strictEqual(engine.fileState('/c/chat.json'), undefined);
  });
});

describe('document reader: binary documents (real opencode 1.18.33 databases with their WAL)', () => {
  const DB = '/home/dev/.local/share/opencode/opencode.db';
  /** A reader with the real sql.js module and a clock the test moves (ms). */
  async function setup(options: { maxBinaryBytes?: number; sql?: boolean } = {}) {
    const { engine } = await newEngine();
    const fs = new MemFs();
    const clock = { t: 1_000_000 };
    const sql = await sqlJs();
    const reader = new DocumentReader(fs, engine, {
      chunkBytes: 64 * 1024,
      now: () => clock.t,
      ...(options.sql === false ? {} : { sql: () => Promise.resolve(sql) }),
      ...(options.maxBinaryBytes ? { maxBinaryBytes: options.maxBinaryBytes } : {}),
    });
    return { engine, fs, clock, reader };
  }
  /** Lays a fixture's database and WAL (cut to `walBytes` when given) into the memory file system. */
  function lay(fs: MemFs, name: string, mtime: number, walBytes?: number): { db: Uint8Array; wal: Uint8Array } {
    const d = document(name);
    const wal = d.companions[WAL_SUFFIX]!;
    fs.put(DB, d.bytes, mtime);
    fs.put(DB + WAL_SUFFIX, walBytes === undefined ? wal : wal.slice(0, walBytes), mtime);
    return { db: d.bytes, wal };
  }

  it('reads the database file and its WAL as bytes: every event of every session, each session with its folder; nothing written', async () => {
    const { engine, fs, reader } = await setup();
    const { db, wal } = lay(fs, 'resume', 1000);
    const before = [Buffer.from(db), Buffer.from(wal)];
    const whole = await parseDb('resume');
    const r = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false);
    assert.strictEqual(r.error, undefined);
    assert.deepStrictEqual([r.parsed, r.events], [true, whole.events.length]);
    assert.deepStrictEqual([...r.sessionIds].sort(), whole.sessions.map((x) => x.id).sort());
    assert.strictEqual(r.sessionIds.length, 2);
    for (const id of r.sessionIds) {
      const s = engine.session(id)!;
      assert.strictEqual(s.agent, 'opencode');
      assert.strictEqual(s.project, 'demo-app');
      assert.strictEqual(
        s.messageCount,
        whole.events.filter((e) => e.sessionId === id && (e.kind === 'user' || e.kind === 'assistant')).length,
      );
    }
    // The reader's file access has no write; the bytes it was handed are as they were.
    assert.ok(
      Buffer.from(fs.files.get(DB)!.bytes).equals(before[0]) && Buffer.from(fs.files.get(DB + WAL_SUFFIX)!.bytes).equals(before[1]),
    );
    assert.strictEqual((await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', true)).parsed, false, 'unchanged: not parsed again');
  });

  it('a WAL that grows (a database being written): the next read ingests only the new events, parsed at most once per interval', async () => {
    const { engine, fs, clock, reader } = await setup();
    const whole = await parseDb('tool_loop');
    const full = document('tool_loop').companions[WAL_SUFFIX]!.length;
    lay(fs, 'tool_loop', 1000, Math.floor(full / 2));
    const first = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false);
    assert.strictEqual(first.error, undefined);
    assert.ok(first.events > 0 && first.events < whole.events.length, `${first.events} of ${whole.events.length}`);
    lay(fs, 'tool_loop', 2000);
    clock.t += 500;
    const soon = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', true);
    assert.deepStrictEqual([soon.parsed, soon.events], [false, 0], 'a change within 1500 ms of the last parse waits');
    clock.t += 1500;
    const later = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', true);
    assert.deepStrictEqual([later.parsed, later.events], [true, whole.events.length - first.events]);
    const id = whole.sessions[0].id;
    assert.deepStrictEqual(
      engine.session(id)!.findings.map((f) => f.type),
      ['repeated_tool_call'],
    );
  });

  it('over the size limit (database and WAL together), or without a SQLite module: an error of the file, counted once, nothing parsed', async () => {
    const small = await setup({ maxBinaryBytes: 64 * 1024 });
    const { db, wal } = lay(small.fs, 'happy', 1000);
    const r = await small.reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false);
    assert.deepStrictEqual([r.parsed, r.events], [false, 0]);
    assert.ok(db.length < 64 * 1024 && db.length + wal.length > 64 * 1024, 'the limit is on the two files together');
    assert.match(r.error ?? '', new RegExp(`${db.length + wal.length} bytes with its companion files, over the 65536-byte limit`));
    assert.strictEqual(small.engine.session('opencode.db')!.skippedLines, 1);

    const none = await setup({ sql: false });
    lay(none.fs, 'happy', 1000);
    const n = await none.reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false);
    assert.match(n.error ?? '', /no SQLite module/);
    assert.strictEqual((await none.reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false)).parsed, false);
    assert.strictEqual(none.engine.session('opencode.db')!.skippedLines, 1);
  });

  it('bytes that are not a database, or a database whose WAL vanished: one skipped read each, no throw', async () => {
    const { engine, fs, clock, reader } = await setup();
    fs.write(DB, 'not a database at all', 1000);
    const bad = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', false);
    assert.match(bad.error ?? '', /not a SQLite database/);
    assert.strictEqual(engine.session('opencode.db')!.skippedLines, 1);
    lay(fs, 'happy', 2000);
    fs.files.delete(DB + WAL_SUFFIX);
    clock.t += 2000;
    const alone = await reader.read(DB, opencodeDatabaseFormat, 'opencode.db', true);
    assert.strictEqual(alone.parsed, true);
    // opencode's first page holds no table yet: everything it wrote is in the WAL, so the file alone is not its database.
    assert.match(alone.error ?? '', /not an opencode database/);
    assert.strictEqual(engine.session('opencode.db')!.skippedLines, 2);
  });
});
