import * as assert from 'assert';
import { DocumentReader } from '../../../../src/core/ingest/documentReader';
import type { DocumentFormat } from '../../../../src/core/ingest/kinds';
import type { FileAccess } from '../../../../src/core/ingest/tailer';
import { newEngine } from '../../helpers';

/** An in-memory file system: path -> { text, mtime }. */
class MemFs implements FileAccess {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  reads = 0;
  write(path: string, text: string, mtime: number): void {
    this.files.set(path, { bytes: new TextEncoder().encode(text), mtime });
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
