import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtinType } from '../../../../src/core/detection/detector';
import { transcriptKind } from '../../../../src/core/ingest/kinds';
import { Tailer, TranscriptFormat } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { WorkerLineParser } from '../../../../src/host/node/workerLineParser';
import type { AgentEvent } from '../../../../src/core/model/event';
import { newEngine } from '../../helpers';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'claude');
/** The compiled worker beside the compiled parser (out*\/src/host/node/parseWorker.js). */
const WORKER = require.resolve('../../../../src/host/node/parseWorker');

const claude = transcriptKind('claude-code');

/** Reads each file, one after another, into a fresh engine; what it read and what the engine made of it. */
async function readAll(files: string[], options: { parser?: WorkerLineParser; chunkBytes?: number }) {
  const { engine } = await newEngine();
  // a clock that never moves: slices end with the chunks, not by time, so a file mixing sessions (the long one) gives
  // its skipped lines to the same sessions in every run
  const tailer = new Tailer(nodeFileAccess, engine, { ...options, now: () => 0, yieldControl: () => new Promise((r) => setImmediate(r)) });
  const format = claude!.format as TranscriptFormat;
  const results = [];
  for (const f of files) {
    results.push(await tailer.read(f, format, path.basename(f, '.jsonl'), false));
  }
  const sessions = engine.snapshot().map((s) => ({ ...s, findings: s.findings.map(({ id, ...f }) => ({ ...f, id: typeof id })) }));
  return { results, sessions, offsets: files.map((f) => engine.fileState(f)?.offset) };
}

describe('worker line parser', () => {
  let dir: string;
  let files: string[];
  before(() => {
    assert.ok(claude && claude.reader === 'lines');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-worker-'));
    // every real Claude Code fixture, plus one long file of them all, so reads span many chunks
    const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'));
    files = fixtures.map((f) => {
      const to = path.join(dir, f);
      fs.copyFileSync(path.join(FIXTURES, f), to);
      return to;
    });
    const long = path.join(dir, 'long.jsonl');
    fs.writeFileSync(long, fixtures.map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8').replace(/\s*$/, '\n')).join(''));
    files.push(long);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('catch-up reads parsed in the worker give what parsing on this thread gives, across chunks, however far it reads ahead', async () => {
    const here = await readAll(files, { chunkBytes: 4096 });
    assert.ok(here.sessions.some((s) => s.findings.length > 0));
    const format = claude!.format as TranscriptFormat;
    const parseLine = format.parseLine;
    // this thread's parser now throws: every line must be parsed in the worker
    format.parseLine = () => {
      throw new Error('parsed on the host');
    };
    try {
      // 1: one chunk ahead; 2: the default; 4: more chunks asked for than most of these files have
      for (const readAhead of [1, 2, 4]) {
        const parser = new WorkerLineParser(WORKER, { readAhead });
        try {
          const there = await readAll(files, { parser, chunkBytes: 4096 });
          assert.strictEqual(parser.failed, undefined);
          assert.deepStrictEqual(there, here, `read ahead ${readAhead}`);
        } finally {
          parser.dispose();
        }
      }
    } finally {
      format.parseLine = parseLine;
    }
  });

  it('accepts only the registered line formats; a live read and other formats parse on this thread', () => {
    const parser = new WorkerLineParser(WORKER);
    assert.strictEqual(parser.accepts(claude!.format as TranscriptFormat), true);
    assert.strictEqual(parser.accepts({ agent: 'generic', parseLine: () => ({ ok: true, events: [], info: {} }) }), false);
    parser.dispose();
  });

  it('a worker that cannot start: the reads go on on this thread, with the same result, and it stops accepting', async () => {
    const here = await readAll(files, {});
    let told = '';
    const parser = new WorkerLineParser(path.join(dir, 'no-such-worker.js'), { onFailure: (r) => (told = r) });
    const broken = await readAll(files, { parser });
    assert.deepStrictEqual(broken, here);
    assert.ok(parser.failed && told === parser.failed, `failure: ${parser.failed}`);
    assert.strictEqual(parser.accepts(claude!.format as TranscriptFormat), false);
    parser.dispose();
  });

  it('warm starts the worker before any read: a script that cannot start fails at once, a good one then parses as usual', async () => {
    let told = '';
    const broken = new WorkerLineParser(path.join(dir, 'no-such-worker.js'), { onFailure: (r) => (told = r) });
    broken.warm();
    for (let i = 0; i < 200 && !broken.failed; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(broken.failed && told === broken.failed, 'the worker failed without any read');
    assert.strictEqual(broken.accepts(claude!.format as TranscriptFormat), false);
    broken.warm(); // nothing once failed
    broken.dispose();

    const here = await readAll(files, {});
    const parser = new WorkerLineParser(WORKER);
    parser.warm();
    const warmed = await readAll(files, { parser });
    assert.strictEqual(parser.failed, undefined);
    assert.deepStrictEqual(warmed, here);
    parser.dispose();
  });

  it("ships each error and failed tool result with the detector's verdict, as the detector gives it on this thread", async () => {
    const parser = new WorkerLineParser(WORKER);
    const format = claude!.format as TranscriptFormat;
    const long = files[files.length - 1];
    const stream = parser.open({ path: long, format, offset: 0, end: fs.statSync(long).size, sessionId: 'long', chunkBytes: 1 << 16 });
    const shipped: AgentEvent[] = [];
    try {
      for (let c = await stream.next(); c; c = await stream.next()) {
        c.lines.forEach((l) => shipped.push(...(l.parsed?.ok ? l.parsed.events : [])));
      }
    } finally {
      stream.close();
      parser.dispose();
    }
    const judged = shipped.filter((e) => e.kind === 'error' || (e.kind === 'tool_result' && e.isError));
    assert.ok(judged.filter((e) => e.detected).length >= 5, `${judged.length} judged`);
    assert.deepStrictEqual(
      judged.map((e) => e.detected),
      judged.map((e) => builtinType({ ...e, detected: undefined }) ?? null),
    );
    assert.ok(shipped.filter((e) => !judged.includes(e)).every((e) => !('detected' in e)));
  });
});
