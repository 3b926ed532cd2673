/**
 * Whole-document transcripts (a JSON file the agent rewrites after each message): the CLI reads them with the
 * extension's rules, because both go through the core DocumentReader. The same file, written step by step (grown, left
 * as it is, rewritten shorter, grown again, broken, a BOM added), is read after each step by the CLI's FileIngestor
 * (the reader of `scan` and `watch`) and by a DocumentReader driven as src/features/transcripts/fileSource.ts drives it;
 * after each step both engines hold the same events, messages, skipped reads and findings.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileIngestor, ReadableKind } from '../../../src/cli/files';
import type { Engine } from '../../../src/core/engine/engine';
import { DEFAULT_MAX_DOCUMENT_BYTES, DocumentReader } from '../../../src/core/ingest/documentReader';
import type { DocumentFormat } from '../../../src/core/ingest/kinds';
import type { Store } from '../../../src/core/store/store';
import { nodeFileAccess } from '../../../src/host/node/nodeFileAccess';
import { newEngine } from '../helpers';

/** A document format for the test: `{"id": ..., "messages": [{"kind", "text"}]}`. */
const chatFormat: DocumentFormat = {
  agent: 'gemini',
  parseDocument(text, _file, fallbackSessionId) {
    try {
      const o = JSON.parse(text) as { id?: string; messages: { kind: 'user' | 'assistant' | 'error'; text: string }[] };
      const sessionId = o.id ?? fallbackSessionId;
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

const chatKind: ReadableKind = { id: 'test-chat', agent: 'gemini', label: 'test chats', reader: 'document', format: chatFormat };

const HI: [string, string] = ['user', 'hi'];
const HELLO: [string, string] = ['assistant', 'hello'];
const RATE: [string, string] = ['error', 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}'];
const AUTH: [string, string] = [
  'error',
  'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
];

const doc = (...messages: [string, string][]) => JSON.stringify({ id: 'c1', messages: messages.map(([kind, text]) => ({ kind, text })) });

/** What a host's engine holds of the test session. */
function state(engine: Engine, store: Store, sessionId: string): unknown {
  const s = engine.session(sessionId);
  return {
    events: store.eventCount(sessionId),
    messages: s?.messageCount,
    skipped: s?.skippedLines,
    findings: s?.findings.map((f) => `${f.type} ${f.severity} ${f.status} x${f.count}`).sort(),
  };
}

describe("cli: documents are read with the extension's rules", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-doc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('grown, unchanged, rewritten shorter, grown again, broken, with a BOM: the same as the extension after every step', async () => {
    const file = path.join(dir, 'chat.json');
    const cli = await newEngine();
    const ext = await newEngine();
    const ingestor = new FileIngestor(cli.engine, chatKind);
    const documents = new DocumentReader(nodeFileAccess, ext.engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
    const steps: { what: string; text: string; events: number }[] = [
      { what: 'first read', text: doc(HI, HELLO), events: 2 },
      { what: 'grown', text: doc(HI, HELLO, RATE), events: 1 },
      { what: 'rewritten shorter: nothing ingested, followed from its new end', text: doc(HI), events: 0 },
      { what: 'grown again past the new end', text: doc(HI, HELLO, AUTH), events: 2 },
      { what: 'broken: one skipped read', text: '{"id": "c1", "messa', events: 0 },
      { what: 'fixed, with a byte order mark', text: '\uFEFF' + doc(HI, HELLO, AUTH, HELLO), events: 1 },
    ];
    let mtime = Date.UTC(2026, 10, 23, 12, 0, 0) / 1000;
    for (const [i, step] of steps.entries()) {
      fs.writeFileSync(file, step.text);
      fs.utimesSync(file, mtime, mtime);
      mtime += 10;
      const c = await ingestor.read(file, i > 0);
      const e = await documents.read(file, chatFormat, 'chat', i > 0);
      assert.strictEqual(c.events, e.events, step.what);
      assert.strictEqual(c.events, step.events, step.what);
      assert.strictEqual(c.error, undefined, `${step.what}: content that does not parse is not an error of the file`);
      assert.deepStrictEqual(c.sessionIds, [e.sessionId], step.what);
      assert.deepStrictEqual(state(cli.engine, cli.store, 'c1'), state(ext.engine, ext.store, 'c1'), step.what);
      // Read again unchanged (a poll, a second `watch` event): nothing parsed, nothing counted twice.
      assert.strictEqual((await ingestor.read(file, true)).events, 0, `${step.what}, read again`);
      assert.strictEqual((await documents.read(file, chatFormat, 'chat', true)).events, 0, `${step.what}, read again`);
      assert.deepStrictEqual(state(cli.engine, cli.store, 'c1'), state(ext.engine, ext.store, 'c1'), `${step.what}, read again`);
    }
    const end = state(cli.engine, cli.store, 'c1') as { events: number; skipped: number; findings: string[] };
    assert.strictEqual(end.events, 6);
    assert.strictEqual(end.skipped, 1);
    assert.deepStrictEqual(
      end.findings.map((f) => f.split(' ')[0]),
      ['auth', 'rate_limit'],
    );
  });

  it('a document over the size limit is an error of the file and one skipped read of its session, as in the extension', async () => {
    const file = path.join(dir, 'big.json');
    fs.writeFileSync(file, doc(HI));
    fs.truncateSync(file, DEFAULT_MAX_DOCUMENT_BYTES + 1);
    const cli = await newEngine();
    const ext = await newEngine();
    const c = await new FileIngestor(cli.engine, chatKind).read(file, false);
    const e = await new DocumentReader(nodeFileAccess, ext.engine).read(file, chatFormat, 'big', false);
    assert.match(c.error ?? '', /over the \d+-byte limit/);
    assert.strictEqual(c.error, e.error);
    assert.deepStrictEqual([c.events, c.skipped, c.sessionIds], [0, 1, ['big']]);
    assert.deepStrictEqual(state(cli.engine, cli.store, 'big'), state(ext.engine, ext.store, 'big'));
  });
});
