/**
 * The CLI's file reading: `scan` parses transcript lines in the parse worker (the compiled out*\/src/host/node/parseWorker.js
 * here, dist/parseWorker.js beside the bundle) and gives what parsing on its own thread gives. Real Claude Code fixtures.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { FileIngestor, parseWorkerScript } from '../../../src/cli/files';
import { main } from '../../../src/cli/main';
import { transcriptKind } from '../../../src/core/ingest/kinds';
import type { LineParser, ParseRequest, TranscriptFormat } from '../../../src/core/ingest/tailer';
import { WorkerLineParser } from '../../../src/host/node/workerLineParser';
import { FakeClock, REPO_ROOT, newEngine } from '../helpers';

/** A writable that keeps what was written. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const quietTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-files-tmp-'));

/** `session-doctor scan --json <dir>` in-process at a fixed time (`env`: its environment): its exit code, stdout and stderr. */
async function scanJson(dir: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['scan', '--json', dir], {
    stdout,
    stderr,
    stdin: Readable.from(['']),
    env,
    cwd: REPO_ROOT,
    home: quietTmp,
    tmpdir: quietTmp,
    clock: new FakeClock(Date.parse('2026-12-01T00:00:00Z')),
  });
  return { code, out: stdout.text, err: stderr.text };
}

describe('cli files: the parse worker', () => {
  after(() => fs.rmSync(quietTmp, { recursive: true, force: true }));

  it('finds the compiled worker beside the compiled sources', () => {
    assert.strictEqual(parseWorkerScript(), require.resolve('../../../src/host/node/parseWorker'));
  });

  it('scan parses every Claude Code line in the worker, with the same output as parsing on this thread', async () => {
    const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'claude');
    const here = await scanJson(fixtures, { SESSION_DOCTOR_PARSE_WORKER: '0' });
    assert.ok(JSON.parse(here.out).findings.length > 0);
    const format = transcriptKind('claude-code')!.format as TranscriptFormat;
    const parseLine = format.parseLine;
    let onThisThread = 0;
    // this thread's parser now counts and fails: a line it parses would be a skipped line in the output
    format.parseLine = () => {
      onThisThread++;
      throw new Error('parsed on the CLI thread');
    };
    try {
      const there = await scanJson(fixtures);
      assert.strictEqual(onThisThread, 0);
      assert.deepStrictEqual(there, here);
      // and the switch works: on this thread every line now fails to parse
      const off = await scanJson(fixtures, { SESSION_DOCTOR_PARSE_WORKER: '0' });
      assert.ok(onThisThread > 0);
      assert.notDeepStrictEqual(off, here);
    } finally {
      format.parseLine = parseLine;
    }
  });

  it('a read prefetched while another file is ingested is taken over by the tailer: one stream per file, same sessions', async () => {
    const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'claude');
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => path.join(dir, f));
    const readAll = async (parser?: LineParser, prefetch = false) => {
      const { engine } = await newEngine();
      const ingestor = new FileIngestor(engine, undefined, { chunkBytes: 4096, parser });
      const results = [];
      for (let i = 0; i < files.length; i++) {
        const reading = ingestor.read(files[i], false);
        if (prefetch && i + 1 < files.length) {
          void ingestor.prefetch(files[i + 1]);
        }
        results.push(await reading);
      }
      ingestor.dispose();
      if (prefetch) {
        assert.strictEqual(ingestor.prefetchedReads, files.length - 1);
      }
      const sessions = engine.snapshot().map((s) => ({ ...s, findings: s.findings.map(({ id, ...f }) => ({ ...f, id: typeof id })) }));
      return { results, sessions };
    };
    const here = await readAll();
    const worker = new WorkerLineParser(parseWorkerScript()!);
    const opened: ParseRequest[] = [];
    const counting: LineParser = { accepts: (f) => worker.accepts(f), open: (r) => (opened.push(r), worker.open(r)) };
    try {
      const there = await readAll(counting, true);
      assert.strictEqual(worker.failed, undefined);
      // one stream per file (a prefetch may open the next file before the current read opens its own)
      assert.deepStrictEqual(opened.map((r) => r.path).sort(), files);
      assert.deepStrictEqual(there, here);
    } finally {
      worker.dispose();
    }
  });
});
