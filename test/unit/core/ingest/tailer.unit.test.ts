import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LineAssembler } from '../../../../src/core/ingest/lineAssembler';
import { Tailer, TranscriptFormat } from '../../../../src/core/ingest/tailer';
import { discoverClaudeTranscripts } from '../../../../src/core/agents/claude/discovery';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { newEngine } from '../../helpers';

/** A minimal line format for these tests: `{"kind":..., "text":...}` per line; anything else does not parse. */
const testFormat: TranscriptFormat = {
  agent: 'generic',
  parseLine(line, origin, fallbackSessionId) {
    try {
      const o = JSON.parse(line);
      if (!o || typeof o !== 'object' || typeof o.kind !== 'string') {
        return { ok: false, error: 'not an event object' };
      }
      return {
        ok: true,
        info: {},
        events: [
          {
            sessionId: fallbackSessionId,
            agent: 'generic',
            timestamp: 0,
            kind: o.kind,
            text: String(o.text ?? ''),
            httpStatus: o.status,
            origin,
          },
        ],
      };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  },
};

const line = (kind: string, text: string, status?: number) => JSON.stringify({ kind, text, status }) + '\n';

describe('line assembler', () => {
  it('splits chunks into lines with byte offsets and keeps a half-written line', () => {
    const enc = new TextEncoder();
    const a = new LineAssembler(100);
    const r1 = a.push(enc.encode('héllo\nwor'));
    assert.deepStrictEqual(r1.lines, [{ text: 'héllo', offset: 100 }]);
    assert.strictEqual(a.consumedOffset, 107); // 'héllo' is 6 bytes + newline
    const r2 = a.push(enc.encode('ld\r\n'));
    assert.deepStrictEqual(r2.lines, [{ text: 'world', offset: 107 }]);
    assert.strictEqual(a.consumedOffset, 114);
  });

  it('skips a line over the limit without keeping it', () => {
    const enc = new TextEncoder();
    const a = new LineAssembler(0, 10);
    const r1 = a.push(enc.encode('0123456789abcdef'));
    assert.deepStrictEqual(r1.lines, []);
    const r2 = a.push(enc.encode('ghij\nok\n'));
    assert.deepStrictEqual(r2.oversized, [{ offset: 0, bytes: 20 }]);
    assert.deepStrictEqual(r2.lines, [{ text: 'ok', offset: 21 }]);
  });
});

describe('tailer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-tailer-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('yields within a chunk once its time slice is spent, saving progress at a line start, with the same result', async () => {
    const file = path.join(dir, 'sess-s.jsonl');
    let text = '';
    for (let i = 0; i < 300; i++) {
      text += i % 50 === 49 ? line('error', 'API Error: 429 rate_limit_error', 429) : line(i % 2 ? 'assistant' : 'user', `m${i}`);
    }
    fs.writeFileSync(file, text);
    const starts = new Set<number>([0]);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      starts.add(Buffer.byteLength(text.slice(0, at + 1)));
    }
    const read = async (sliceMs: number) => {
      const { engine } = await newEngine();
      const offsets: number[] = [];
      let t = 0;
      const tailer = new Tailer(nodeFileAccess, engine, {
        sliceMs,
        now: () => (t += 1), // 1 ms per look at the clock
        // before the first slice's events are all in, no progress is saved yet: the file's start
        yieldControl: async () => void offsets.push(engine.fileState(file)?.offset ?? 0),
      });
      const r = await tailer.read(file, testFormat, 'sess-s', false);
      const s = engine.session('sess-s')!;
      return { r, offsets, session: { messages: s.messageCount, findings: s.findings.map((f) => [f.type, f.count, f.status]) } };
    };
    const whole = await read(1e9);
    const sliced = await read(3);
    assert.deepStrictEqual(whole.offsets, [Buffer.byteLength(text)]);
    assert.ok(sliced.offsets.length >= 4, `yields: ${sliced.offsets.length}`);
    assert.ok(sliced.offsets.every((o) => starts.has(o)));
    assert.deepStrictEqual(
      sliced.offsets,
      [...sliced.offsets].sort((a, b) => a - b),
    );
    assert.strictEqual(sliced.offsets.at(-1), Buffer.byteLength(text));
    assert.deepStrictEqual(sliced.r, whole.r);
    assert.deepStrictEqual(sliced.session, whole.session);
    assert.strictEqual(whole.r.events, 300);
  });

  it('ingests a slice in batches sized to the time left, yielding between them, when events are slow to ingest', async () => {
    const file = path.join(dir, 'sess-slow.jsonl');
    let text = '';
    for (let i = 0; i < 200; i++) {
      text += i % 40 === 39 ? line('error', 'API Error: 429 rate_limit_error', 429) : line(i % 2 ? 'assistant' : 'user', `m${i}`);
    }
    fs.writeFileSync(file, text);
    const read = async (msPerEvent: number) => {
      const { engine } = await newEngine();
      let t = 0;
      // the engine as the tailer sees it, where each event takes msPerEvent of the fake clock to ingest
      const sink = Object.create(engine) as typeof engine;
      sink.ingest = (events, options) => {
        t += events.length * msPerEvent;
        return engine.ingest(events, options);
      };
      const held: number[] = [];
      let since = 0;
      const tailer = new Tailer(nodeFileAccess, sink, {
        sliceMs: 20,
        now: () => t,
        yieldControl: async () => {
          held.push(t - since);
          since = t;
        },
      });
      const r = await tailer.read(file, testFormat, 'sess-slow', false);
      const s = engine.session('sess-slow')!;
      return { r, held, session: { messages: s.messageCount, findings: s.findings.map((f) => [f.type, f.count, f.status]) } };
    };
    const fast = await read(0);
    const slow = await read(7);
    // 200 events of 7 ms: 1,400 ms of work, cut into pieces of at most the slice plus one event once the estimate of
    // ms per event (a moving average starting at 4 ms) has learnt the cost: the first batch, sized by the starting
    // estimate, takes 5 events (35 ms), the next few a little more than the slice
    assert.ok(slow.held.length >= 1400 / 27, `yields: ${slow.held.length}`);
    assert.strictEqual(slow.held[0], 35);
    assert.ok(
      slow.held.slice(1, 4).every((ms) => ms <= 35),
      `held: ${slow.held.join(' ')}`,
    );
    assert.ok(
      slow.held.slice(4).every((ms) => ms <= 20 + 7),
      `held: ${slow.held.join(' ')}`,
    );
    assert.deepStrictEqual(slow.r, fast.r);
    assert.deepStrictEqual(slow.session, fast.session);
    assert.strictEqual(slow.r.events, 200);
    assert.ok(
      slow.session.findings.some(([type]) => type === 'rate_limit'),
      JSON.stringify(slow.session.findings),
    );
  });

  it('shares one slice per turn of the event loop among files read at once, with the same result as one at a time', async () => {
    const files: string[] = [];
    for (let f = 0; f < 6; f++) {
      let text = '';
      for (let i = 0; i < 120; i++) {
        text += i % 30 === 29 ? line('error', 'API Error: 429 rate_limit_error', 429) : line(i % 2 ? 'assistant' : 'user', `m${f}-${i}`);
      }
      files.push(path.join(dir, `sess-p${f}.jsonl`));
      fs.writeFileSync(files[f], text);
    }
    const read = async (together: boolean) => {
      const { engine } = await newEngine();
      let t = 0;
      // each event takes 1 ms of the fake clock to ingest
      const sink = Object.create(engine) as typeof engine;
      sink.ingest = (events, options) => {
        t += events.length;
        return engine.ingest(events, options);
      };
      const tailer = new Tailer(nodeFileAccess, sink, {
        sliceMs: 20,
        now: () => t,
        parallelFiles: 3,
        yieldControl: () => new Promise<void>((r) => setImmediate(r)),
      });
      // the work done in each turn of the (real) event loop: a sentinel runs once per turn, in the same phase as the yields
      const held: number[] = [];
      let since = 0;
      let done = false;
      const sentinel = (): void => {
        held.push(t - since);
        since = t;
        if (!done) {
          setImmediate(sentinel);
        }
      };
      setImmediate(sentinel);
      const results = [];
      if (together) {
        results.push(...(await Promise.all(files.map((f, i) => tailer.read(f, testFormat, `sess-p${i}`, false)))));
      } else {
        for (const [i, f] of files.entries()) {
          results.push(await tailer.read(f, testFormat, `sess-p${i}`, false));
        }
      }
      done = true;
      const sessions = files
        .map((_, i) => engine.session(`sess-p${i}`)!)
        .map((s) => [s.messageCount, s.findings.map((x) => [x.type, x.count])]);
      return { results, held, sessions };
    };
    const alone = await read(false);
    const together = await read(true);
    assert.deepStrictEqual(together.results, alone.results);
    assert.deepStrictEqual(together.sessions, alone.sessions);
    assert.ok(together.sessions.every(([, f]) => JSON.stringify(f).includes('rate_limit')));
    assert.strictEqual(
      together.held.reduce((a, b) => a + b, 0),
      720,
    );
    // six files at once never hold the thread longer per turn than one file does: the slice, plus one event
    assert.ok(Math.max(...together.held) <= 21, `held per turn: ${together.held.join(' ')}`);
  });

  it('catches up on at most parallelFiles files at once, and a live read never waits behind them', async () => {
    const { engine } = await newEngine();
    let parked: (() => void)[] = [];
    const tailer = new Tailer(nodeFileAccess, engine, { parallelFiles: 1, yieldControl: () => new Promise<void>((r) => parked.push(r)) });
    const files = ['c1', 'c2', 'live'].map((name) => {
      const f = path.join(dir, `${name}.jsonl`);
      fs.writeFileSync(f, line('user', `hello ${name}`) + line('error', 'API Error: 429 rate_limit_error', 429));
      return f;
    });
    const done: string[] = [];
    const read = (i: number, live: boolean) =>
      tailer.read(files[i], testFormat, path.basename(files[i], '.jsonl'), live).then(() => done.push(path.basename(files[i], '.jsonl')));
    const all = [read(0, false), read(1, false), read(2, true)];
    // the turns of the event loop, run by hand: each turn lets the parked readers go on
    for (let turn = 0; turn < 50 && done.length < 3; turn++) {
      await new Promise((r) => setTimeout(r, 5));
      const now = parked;
      parked = [];
      now.forEach((r) => r());
      if (turn === 0) {
        assert.strictEqual(engine.fileState(files[1]), undefined, 'the second catch-up waits for the first');
      }
    }
    await Promise.all(all);
    // The live read runs beside the first catch-up (which of the two ends first is the file system's timing) and never
    // behind the second, which waits for the first's slot. Without the bypass the order is c1, c2, live.
    assert.strictEqual(done.length, 3);
    assert.ok(done.indexOf('live') < done.indexOf('c2') && done.indexOf('c1') < done.indexOf('c2'), done.join(' '));
    assert.ok(['c1', 'c2', 'live'].every((id) => engine.session(id)?.findings.some((f) => f.type === 'rate_limit')));
  });

  it('ingests no catch-up until the store is ready (a rejection counts as ready); a live read never waits for it', async () => {
    const { engine } = await newEngine();
    let ready: (() => void) | undefined;
    const storeReady = new Promise<void>((resolve) => (ready = resolve));
    const tailer = new Tailer(nodeFileAccess, engine, { storeReady });
    const [old, live] = ['gate-old', 'gate-live'].map((name) => {
      const f = path.join(dir, `${name}.jsonl`);
      fs.writeFileSync(f, line('user', 'hi') + line('error', 'API Error: 429 rate_limit_error', 429));
      return f;
    });
    const caughtUp = tailer.read(old, testFormat, 'gate-old', false);
    assert.strictEqual((await tailer.read(live, testFormat, 'gate-live', true)).events, 2);
    await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(engine.session('gate-old'), undefined, 'nothing of the catch-up is ingested before the store is ready');
    assert.strictEqual(engine.fileState(old), undefined);
    ready?.();
    assert.strictEqual((await caughtUp).events, 2);
    assert.ok(engine.session('gate-old')?.findings.some((f) => f.type === 'rate_limit'));

    // a store whose move failed is still the store: the catch-up goes on
    const other = await newEngine();
    const failed = Promise.reject(new Error('the move failed'));
    failed.catch(() => undefined);
    const t2 = new Tailer(nodeFileAccess, other.engine, { storeReady: failed });
    assert.strictEqual((await t2.read(old, testFormat, 'gate-old', false)).events, 2);
  });

  it('reads only what was appended, waits for a half-written line, and re-reads a truncated file', async () => {
    const { engine } = await newEngine();
    const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 64 });
    const file = path.join(dir, 'sess-a.jsonl');
    fs.writeFileSync(file, line('user', 'hello') + line('assistant', 'hi'));
    let r = await tailer.read(file, testFormat, 'sess-a', false);
    assert.strictEqual(r.events, 2);
    assert.strictEqual(engine.session('sess-a')!.messageCount, 2);

    // A half-written line is not consumed until its newline arrives.
    const partial = line('error', 'API Error: 429 rate_limit_error', 429);
    fs.appendFileSync(file, partial.slice(0, 20));
    r = await tailer.read(file, testFormat, 'sess-a', true);
    assert.strictEqual(r.events, 0);
    fs.appendFileSync(file, partial.slice(20));
    r = await tailer.read(file, testFormat, 'sess-a', true);
    assert.strictEqual(r.events, 1);
    assert.strictEqual(engine.session('sess-a')!.findings[0].type, 'rate_limit');
    assert.strictEqual(engine.fileState(file)!.offset, fs.statSync(file).size);

    // Nothing new: nothing read.
    r = await tailer.read(file, testFormat, 'sess-a', true);
    assert.strictEqual(r.lines, 0);

    // Truncated and rewritten: read from the start.
    fs.writeFileSync(file, line('user', 'again'));
    r = await tailer.read(file, testFormat, 'sess-a', true);
    assert.strictEqual(r.truncated, true);
    assert.strictEqual(r.events, 1);
  });

  it('counts garbage and oversized lines in the session health and goes on', async () => {
    const { engine } = await newEngine();
    const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 1024, maxLineBytes: 4096 });
    const file = path.join(dir, 'sess-b.jsonl');
    const huge = JSON.stringify({ kind: 'assistant', text: 'x'.repeat(50_000) }) + '\n';
    fs.writeFileSync(
      file,
      line('user', 'start') + 'not json at all\n' + '[1,2,3]\n' + huge + line('error', 'API Error: 401 authentication_error', 401),
    );
    const r = await tailer.read(file, testFormat, 'sess-b', true);
    assert.strictEqual(r.skipped, 3);
    assert.strictEqual(r.events, 2);
    const s = engine.session('sess-b')!;
    assert.strictEqual(s.skippedLines, 3);
    assert.strictEqual(s.health, 'critical');
  });

  it('forgets a deleted file', async () => {
    const { engine } = await newEngine();
    const tailer = new Tailer(nodeFileAccess, engine);
    const file = path.join(dir, 'gone.jsonl');
    fs.writeFileSync(file, line('user', 'x'));
    await tailer.read(file, testFormat, 'gone', false);
    assert.ok(engine.fileState(file));
    fs.rmSync(file);
    const r = await tailer.read(file, testFormat, 'gone', true);
    assert.strictEqual(r.gone, true);
    assert.strictEqual(engine.fileState(file), undefined);
  });

  it('discovers transcripts and subagent transcripts under a root, skipping old ones', async () => {
    const root = path.join(dir, 'projects');
    fs.mkdirSync(path.join(root, '-home-me-app', 'abc', 'subagents'), { recursive: true });
    fs.writeFileSync(path.join(root, '-home-me-app', 'abc.jsonl'), '');
    fs.writeFileSync(path.join(root, '-home-me-app', 'abc', 'subagents', 'agent-1.jsonl'), '');
    fs.writeFileSync(path.join(root, '-home-me-app', 'old.jsonl'), '');
    const old = new Date(Date.now() - 3 * 24 * 3600_000);
    fs.utimesSync(path.join(root, '-home-me-app', 'old.jsonl'), old, old);
    const found = await discoverClaudeTranscripts(nodeFileAccess, [root, path.join(dir, 'missing')], Date.now() - 24 * 3600_000);
    assert.deepStrictEqual(found.map((f) => f.sessionIdFromName).sort(), ['abc', 'abc']);
  });
});
