/**
 * The `session-doctor` CLI: in-process through `main(argv, io)` with captured streams, and spawned (the compiled
 * out/src/cli/index.js) for the executable's wiring. Transcripts are the real Claude Code fixtures of test/fixtures/claude.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, Readable, Writable } from 'stream';
import { FileIngestor } from '../../../src/cli/files';
import { EXIT, classifyStream, main } from '../../../src/cli/main';
import { resolveStorePath } from '../../../src/host/node/storeFile';
import { TRANSCRIPT_KINDS, TranscriptKind } from '../../../src/core/ingest/kinds';
import { FakeClock, newEngine, REPO_ROOT } from '../helpers';

const repo = REPO_ROOT;
const fixtures = path.join(repo, 'test', 'fixtures', 'claude');
const compiledCli = path.join(repo, 'out', 'src', 'cli', 'index.js');

/** A writable that keeps what was written, readable while the command still runs. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  clock?: FakeClock;
  stdout?: Capture;
  stderr?: Capture;
}

/** An empty temp folder for the runs: the machine's own may hold Gemini CLI error reports, a source of `scan` without paths. */
const quietTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-tmp-'));

async function run(argv: string[], o: RunOptions = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = o.stdout ?? new Capture();
  const stderr = o.stderr ?? new Capture();
  const code = await main(argv, {
    stdout,
    stderr,
    stdin: Readable.from([o.stdin ?? '']),
    env: o.env ?? {},
    cwd: repo,
    home: os.tmpdir(),
    tmpdir: quietTmp,
    signal: o.signal,
    clock: o.clock,
  });
  return { code, out: stdout.text, err: stderr.text };
}

/** Polls `cond` every 20 ms until it holds or `timeoutMs` passes (then fails with `what`). */
async function waitFor(cond: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) {
      assert.fail(`timed out waiting: ${what()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The line of a fixture with 1-based number `n` (with its newline). */
function fixtureLine(name: string, n: number): string {
  return fs.readFileSync(path.join(fixtures, name), 'utf8').split('\n')[n - 1] + '\n';
}

describe('CLI', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-test-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('scan', () => {
    it('prints the real findings of the fixture folder with severity and strategy, and exits 1 for the CRITICAL auth failure', async () => {
      const r = await run(['scan', 'test/fixtures/claude']);
      assert.strictEqual(r.code, EXIT.findings, r.err);
      const authRow = r.out.split('\n').find((l) => l.includes('auth_401.jsonl'));
      assert.ok(authRow, r.out);
      assert.match(authRow, /auth\s.*CRITICAL\s.*Halt/);
      assert.match(r.out, /prompt_too_long\.jsonl.*token_limit.*HIGH.*Compact Context/);
      assert.match(r.out, /tool_loop\.jsonl.*repeated_tool_call.*HIGH.*Break Loop/);
      assert.match(r.out, /Scanned \d+ file\(s\) \(20 claude-code/);
    });

    it('skips files of no known format and says so', async () => {
      fs.writeFileSync(path.join(tmp, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      const r = await run(['scan', tmp]);
      assert.strictEqual(r.code, EXIT.ok);
      assert.match(r.err, /1 file\(s\) of no known format skipped \(force one with --format <id>\): .*image\.png/);
      const j = JSON.parse((await run(['scan', '--json', tmp])).out);
      assert.deepStrictEqual(j.unrecognized, [path.join(tmp, 'image.png')]);
    });

    it('--json gives every finding, resolved ones and skipped lines included, and the exit code', async () => {
      const r = await run(['scan', '--json', 'test/fixtures/claude']);
      assert.strictEqual(r.code, EXIT.findings);
      const j = JSON.parse(r.out);
      const auth = j.findings.find((f: { type: string }) => f.type === 'auth');
      assert.strictEqual(auth.severity, 'CRITICAL');
      assert.strictEqual(auth.strategy, 'halt_and_notify');
      assert.strictEqual(auth.status, 'open');
      assert.ok(auth.file.endsWith('auth_401.jsonl'));
      // A hang judged at scan time (session_stuck) names no line, so it has no file.
      const recovered = j.findings.find((f: { file?: string }) => f.file?.endsWith('rate_limit_then_ok.jsonl'));
      assert.strictEqual(recovered.type, 'rate_limit');
      assert.strictEqual(recovered.status, 'resolved');
      const garbage = j.files.find((f: { file: string }) => f.file.endsWith('garbage.jsonl'));
      assert.ok(garbage.skipped > 0, 'bad lines are counted');
      assert.ok(j.sessions.some((s: { skippedLines: number }) => s.skippedLines > 0));
      assert.strictEqual(j.exitCode, EXIT.findings);
    });

    it('exits 0 on a healthy transcript and honours --fail-on', async () => {
      const happy = await run(['scan', path.join(fixtures, 'happy.jsonl')]);
      assert.strictEqual(happy.code, EXIT.ok, happy.out + happy.err);
      assert.match(happy.out, /No findings/);
      const tooLong = path.join(fixtures, 'prompt_too_long.jsonl');
      assert.strictEqual((await run(['scan', tooLong])).code, EXIT.ok, 'HIGH is below the default CRITICAL');
      assert.strictEqual((await run(['scan', '--fail-on', 'HIGH', tooLong])).code, EXIT.findings);
    });

    it('exits 2 on usage and I/O errors', async () => {
      const missing = await run(['scan', 'no/such/folder']);
      assert.strictEqual(missing.code, EXIT.error);
      assert.match(missing.err, /No such file or folder: no\/such\/folder/);
      const badFormat = await run(['scan', '--format', 'nope', 'test/fixtures/claude']);
      assert.strictEqual(badFormat.code, EXIT.error);
      assert.match(badFormat.err, /Unknown format "nope".*claude-code/);
      assert.strictEqual((await run(['frobnicate'])).code, EXIT.error);
      assert.strictEqual((await run(['scan'])).code, EXIT.error, 'paths are required');
      assert.strictEqual((await run(['scan', '--fail-on', 'SEVERE', 'x'])).code, EXIT.error);
      const badNumber = await run(['status', '--hours', 'soon']);
      assert.strictEqual(badNumber.code, EXIT.error);
      assert.match(badNumber.err, /--hours <n>.*'soon' is invalid. Expected a positive number/);
    });

    it('--format text reads any log line by line through the detector, and redacts secrets in what it prints', async () => {
      const secret = 'sk-ant-api03-' + 'Zx9'.repeat(12);
      const log = path.join(tmp, 'agent.out');
      fs.writeFileSync(
        log,
        ['INFO starting run', `Error: 401 Unauthorized: invalid api key ${secret}`, 'tests: 3 FAILED (expected)', ''].join('\n'),
      );
      const text = await run(['scan', '--format', 'text', log]);
      assert.strictEqual(text.code, EXIT.findings, text.out + text.err);
      assert.match(text.out, /auth.*CRITICAL.*Halt/);
      const json = await run(['scan', '--format', 'text', '--json', log]);
      const j = JSON.parse(json.out);
      assert.deepStrictEqual(
        j.findings.map((f: { type: string }) => f.type),
        ['auth'],
      );
      for (const out of [text.out, json.out]) {
        assert.ok(!out.includes(secret), 'the key must not be printed');
      }
      assert.match(json.out, /\[REDACTED\]/);
    });

    it('with --store, writes the store the other commands read, and a second scan reads only what was appended', async () => {
      const store = path.join(tmp, 'store.sqlite');
      const dir = path.join(tmp, 'sessions');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(fixtures, 'rate_limit_then_ok.jsonl'), path.join(dir, 'rl.jsonl'));
      const first = JSON.parse((await run(['--store', store, 'scan', '--json', dir])).out);
      assert.ok(first.files[0].events > 0);
      assert.ok(fs.existsSync(store));
      const again = JSON.parse((await run(['--store', store, 'scan', '--json', dir])).out);
      assert.strictEqual(again.files[0].events, 0, 'offsets are kept in the store');
      fs.appendFileSync(path.join(dir, 'rl.jsonl'), fixtureLine('auth_401.jsonl', 17));
      const third = JSON.parse((await run(['--store', store, 'scan', '--json', dir])).out);
      assert.strictEqual(third.files[0].events, 1);
      assert.strictEqual(third.exitCode, EXIT.findings);

      const status = JSON.parse((await run(['--store', store, 'status', '--all', '--json'])).out);
      // The appended line carries its own session id (the auth_401 session): two sessions, both Claude Code.
      assert.deepStrictEqual(
        status.sessions.map((s: { agent: string }) => s.agent),
        ['claude-code', 'claude-code'],
      );
      const critical = status.sessions.find((s: { health: string }) => s.health === 'critical');
      assert.ok(critical.findings.some((f: { type: string; status: string }) => f.type === 'auth' && f.status === 'open'));
      // The agent recovered from its rate limit on its own: that is in the recovery history.
      const audit = JSON.parse((await run(['--store', store, 'report', '--json'])).out);
      assert.ok(
        audit.some(
          (a: { failureType: string; outcome: string; actor: string }) =>
            a.failureType === 'rate_limit' && a.outcome === 'succeeded' && a.actor === 'agent',
        ),
      );
      const report = await run(['--store', store, 'report', '--all']);
      assert.match(report.out, /^# Session Doctor report/);
      assert.match(report.out, /## Recovery history[\s\S]*succeeded/);
      const history = await run(['--store', store, 'report', '--history']);
      assert.match(history.out, /Back Off.*succeeded.*agent/);
    });
    it("without paths, scans every agent's default folder (Claude Code: $CLAUDE_CONFIG_DIR/projects), and exits 2 when they hold no transcript", async () => {
      const project = path.join(tmp, 'claude', 'projects', '-work-demo-app');
      fs.mkdirSync(project, { recursive: true });
      fs.copyFileSync(path.join(fixtures, 'auth_401.jsonl'), path.join(project, 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5.jsonl'));
      fs.copyFileSync(path.join(fixtures, 'happy.jsonl'), path.join(project, '27539745-0000-4000-8000-000000000000.jsonl'));
      const r = await run(['scan', '--json'], { env: { CLAUDE_CONFIG_DIR: path.join(tmp, 'claude') } });
      assert.strictEqual(r.code, EXIT.findings, r.err);
      assert.match(r.err, /Scanning .*claude[\\/]projects/);
      const j = JSON.parse(r.out);
      assert.strictEqual(j.files.length, 2);
      assert.deepStrictEqual(
        j.findings.map((f: { type: string }) => f.type),
        ['auth'],
      );
      const none = await run(['scan'], { env: { CLAUDE_CONFIG_DIR: path.join(tmp, 'nowhere') } });
      assert.strictEqual(none.code, EXIT.error);
      assert.match(none.err, /no agent transcript was found in the default folders/);
    });

    it('--hours skips files not modified recently', async () => {
      const dir = path.join(tmp, 'logs');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(fixtures, 'auth_401.jsonl'), path.join(dir, 'old.jsonl'));
      const clock = new FakeClock(Date.now() + 5 * 3600_000);
      const recent = JSON.parse((await run(['scan', '--json', '--hours', '1', dir], { clock })).out);
      assert.strictEqual(recent.files.length, 0);
      assert.strictEqual(recent.exitCode, EXIT.ok);
      const wider = JSON.parse((await run(['scan', '--json', '--hours', '6', dir], { clock })).out);
      assert.strictEqual(wider.files.length, 1);
    });
  });

  describe('document formats', () => {
    /** A whole-document kind like the ones other agents need (a JSON file rewritten after each message); test-only. */
    const docKind: TranscriptKind = {
      id: 'test-document',
      agent: 'gemini',
      label: 'test documents',
      reader: 'document',
      format: {
        agent: 'gemini',
        parseDocument(text, _file, fallbackSessionId) {
          try {
            const o = JSON.parse(text) as { id?: string; messages: { kind: 'user' | 'assistant' | 'error'; text: string }[] };
            return {
              ok: true,
              sessionId: o.id ?? fallbackSessionId,
              info: { title: 'doc' },
              events: o.messages.map((m) => ({
                sessionId: o.id ?? fallbackSessionId,
                agent: 'gemini' as const,
                timestamp: 0,
                kind: m.kind,
                text: m.text,
              })),
            };
          } catch (e) {
            return { ok: false, error: (e as Error).message };
          }
        },
      },
      defaultRoots: () => [],
      discover: async () => [],
      matchesPath: (p) => p.endsWith('.testdoc.json'),
      sniff: () => false,
    };
    beforeEach(() => TRANSCRIPT_KINDS.push(docKind));
    afterEach(() => TRANSCRIPT_KINDS.splice(TRANSCRIPT_KINDS.indexOf(docKind), 1));

    it('scan parses the whole document and ingests all its events; a bad document is counted, not fatal', async () => {
      const good = path.join(tmp, 'chat.testdoc.json');
      fs.writeFileSync(
        good,
        JSON.stringify({
          id: 'g1',
          messages: [
            { kind: 'user', text: 'hi' },
            { kind: 'error', text: 'API Error: 401 {"error":{"type":"authentication_error"}}' },
          ],
        }),
      );
      fs.writeFileSync(path.join(tmp, 'broken.testdoc.json'), '{"id": "g2", "messa');
      const j = JSON.parse((await run(['scan', '--json', tmp])).out);
      assert.strictEqual(j.exitCode, EXIT.findings);
      const goodFile = j.files.find((f: { file: string }) => f.file === good);
      assert.deepStrictEqual([goodFile.kind, goodFile.events], ['test-document', 2]);
      assert.deepStrictEqual(
        j.findings.map((f: { sessionId: string; type: string }) => [f.sessionId, f.type]),
        [['g1', 'auth']],
      );
      const broken = j.sessions.find((s: { id: string }) => s.id === 'broken.testdoc');
      assert.strictEqual(broken.skippedLines, 1);
    });

    it('a rewritten document feeds only the events not ingested yet', async () => {
      const { engine, store } = await newEngine();
      const ingestor = new FileIngestor(engine);
      const file = path.join(tmp, 'live.testdoc.json');
      const messages = [{ kind: 'user', text: 'hi' }];
      fs.writeFileSync(file, JSON.stringify({ id: 'g3', messages }));
      assert.strictEqual((await ingestor.read(file, false)).events, 1);
      messages.push({ kind: 'assistant', text: 'hello' }, { kind: 'error', text: 'API Error: 429 rate_limit_error' });
      fs.writeFileSync(file, JSON.stringify({ id: 'g3', messages }));
      assert.strictEqual((await ingestor.read(file, true)).events, 2);
      assert.strictEqual(store.eventCount('g3'), 3);
      assert.strictEqual(engine.session('g3')?.messageCount, 2);
    });
  });

  describe('classify', () => {
    it('prints one JSON object or null per stdin line, last line without newline and CRLF included', async () => {
      const input = [
        'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}',
        'Compiling 12 files... done',
        'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\r',
        '',
        'API Error: 400 prompt is too long: 210000 tokens > 200000 maximum',
      ].join('\n');
      const r = await run(['classify'], { stdin: input });
      assert.strictEqual(r.code, EXIT.ok, r.err);
      const rows = r.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepStrictEqual(rows, [
        { type: 'rate_limit', severity: 'LOW', strategy: 'backoff' },
        null,
        { type: 'auth', severity: 'CRITICAL', strategy: 'halt_and_notify' },
        null,
        { type: 'token_limit', severity: 'HIGH', strategy: 'compact_context' },
      ]);
    });

    it('--explain prints each line (secrets redacted) with its verdict and the evidence that decided it', async () => {
      const input = [
        'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}} key sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
        'except openai.RateLimitError as e:',
        'Compiling 12 files... done',
      ].join('\n');
      const r = await run(['classify', '--explain'], { stdin: input });
      assert.strictEqual(r.code, EXIT.ok, r.err);
      const blocks = r.out.trimEnd().split('\n\n');
      assert.strictEqual(blocks.length, 3, r.out);
      assert.doesNotMatch(r.out, /abcdefghijklmnop/, 'the key is redacted');
      assert.match(blocks[0], /^=> rate_limit \(LOW, Back Off\)$/m);
      assert.match(blocks[0], /^ {2}decided by: reference$/m);
      assert.match(blocks[0], /^ {2}status: 429 from "API Error: 429" \(named\) -> rate_limit$/m);
      assert.match(blocks[0], /^ {2}term: "rate_limit_error" -> rate_limit \(anthropic\/\d+, Anthropic API error types/m);
      assert.match(
        blocks[1],
        /^=> no failure\n {2}decided by: negative\n {2}negative: reads as a statement of source code \(code-statement\)$/m,
      );
      assert.match(blocks[2], /^=> no failure\n {2}decided by: nothing$/m);
    });

    it('streams: many lines in small chunks, an over-long line gives null, output waits for a slow reader', async () => {
      const n = 5000;
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        lines.push(i % 100 === 0 ? `API Error: 529 {"type":"error","error":{"type":"overloaded_error"}} #${i}` : `log line ${i}`);
      }
      lines[7] = 'x'.repeat(5000); // over the 1 KiB limit below
      const text = lines.join('\n') + '\n';
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += 777) {
        chunks.push(text.slice(i, i + 777));
      }
      const out = new PassThrough({ highWaterMark: 1024 });
      const got: string[] = [];
      const reading = (async () => {
        for await (const c of out) {
          got.push(String(c));
        }
      })();
      await classifyStream(Readable.from(chunks), out, 1024);
      out.end();
      await reading;
      const rows = got
        .join('')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.strictEqual(rows.length, n);
      assert.strictEqual(rows[7], null);
      assert.deepStrictEqual(rows[100], { type: 'overloaded', severity: 'MEDIUM', strategy: 'backoff' });
      assert.strictEqual(rows.filter((x) => x !== null).length, n / 100);
    });
  });

  describe('inject, status and the store file', () => {
    it('inject writes the store file; a spawned status reads the same file', async () => {
      const store = path.join(tmp, 'nested', 'store.sqlite');
      const r = await run(['inject', 'ci-run-7', 'auth', '--store', store]);
      assert.strictEqual(r.code, EXIT.ok, r.err);
      assert.match(r.out, /CRITICAL auth -> Halt/);
      const spawned = spawnSync(process.execPath, [compiledCli, 'status', '--json'], {
        encoding: 'utf8',
        env: { ...process.env, SESSION_DOCTOR_STORE: store },
      });
      assert.strictEqual(spawned.status, 0, spawned.stderr);
      const j = JSON.parse(spawned.stdout);
      assert.strictEqual(j.store, store);
      assert.strictEqual(j.sessions[0].id, 'ci-run-7');
      assert.strictEqual(j.sessions[0].health, 'critical');
      const table = spawnSync(process.execPath, [compiledCli, '--store', store, 'status'], { encoding: 'utf8' });
      assert.match(table.stdout, /ci-run-7.*critical.*1 \(auth\)/);
      assert.match(table.stdout, /1 session\(s\): 0 ok · 0 warning · 1 critical/);
    });

    it('repeated injections escalate by the policy (3 rate limits within 300 s rise one level)', async () => {
      const store = path.join(tmp, 'store.sqlite');
      const clock = new FakeClock();
      const outs: string[] = [];
      for (let i = 0; i < 3; i++) {
        outs.push((await run(['--store', store, 'inject', 's', 'rate_limit', '--json'], { clock })).out);
        clock.advance(10_000);
      }
      assert.strictEqual(JSON.parse(outs[0]).findings[0].severity, 'LOW');
      assert.deepStrictEqual(JSON.parse(outs[1]).findings, [], 'a repeat below the threshold is no new finding');
      assert.strictEqual(JSON.parse(outs[2]).findings[0].severity, 'MEDIUM');
    });

    it('status shows only sessions active within --hours unless --all', async () => {
      const store = path.join(tmp, 'store.sqlite');
      const clock = new FakeClock();
      await run(['--store', store, 'inject', 'old', 'timeout'], { clock });
      clock.advance(3 * 3600_000);
      assert.strictEqual(JSON.parse((await run(['--store', store, 'status', '--json', '--hours', '2'], { clock })).out).sessions.length, 0);
      assert.strictEqual(JSON.parse((await run(['--store', store, 'status', '--json', '--hours', '4'], { clock })).out).sessions.length, 1);
      assert.strictEqual(JSON.parse((await run(['--store', store, 'status', '--json', '--all'], { clock })).out).sessions.length, 1);
      assert.match((await run(['--store', store, 'status', '--hours', '1'], { clock })).out, /No agent session/);
    });

    it('rejects an unknown failure type with the list of types', async () => {
      const r = await run(['--store', path.join(tmp, 's.sqlite'), 'inject', 's', 'gremlins']);
      assert.strictEqual(r.code, EXIT.error);
      assert.match(r.err, /Unknown failure type "gremlins".*rate_limit/);
      assert.ok(!fs.existsSync(path.join(tmp, 's.sqlite')), 'nothing written');
    });

    it('moves a corrupt store aside and starts fresh', async () => {
      const store = path.join(tmp, 'store.sqlite');
      fs.writeFileSync(store, 'this is not a database, just text long enough to have a header'.repeat(20));
      const r = await run(['--store', store, 'inject', 's', 'network']);
      assert.strictEqual(r.code, EXIT.ok, r.err);
      assert.match(r.err, /was not readable; it was moved to .*store\.sqlite\.corrupt-\d+/);
      assert.strictEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('store.sqlite.corrupt-')).length, 1);
      const status = JSON.parse((await run(['--store', store, 'status', '--json'])).out);
      assert.strictEqual(status.sessions[0].findings[0].type, 'network');
    });

    it('resolves the store path from --store, $SESSION_DOCTOR_STORE, then ~/.session-doctor', () => {
      assert.strictEqual(resolveStorePath('~/x.sqlite', {}, '/w', '/home/u'), path.join('/home/u', 'x.sqlite'));
      assert.strictEqual(
        resolveStorePath('rel.sqlite', { SESSION_DOCTOR_STORE: '/e.sqlite' }, '/w', '/home/u'),
        path.resolve('/w', 'rel.sqlite'),
      );
      assert.strictEqual(resolveStorePath(undefined, { SESSION_DOCTOR_STORE: '/e.sqlite' }, '/w', '/home/u'), path.resolve('/e.sqlite'));
      assert.strictEqual(resolveStorePath(undefined, {}, '/w', '/home/u'), path.join('/home/u', '.session-doctor', 'store.sqlite'));
    });

    it('the spawned executable prints its version and help', () => {
      const version = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version;
      const v = spawnSync(process.execPath, [compiledCli, '--version'], { encoding: 'utf8' });
      assert.strictEqual(v.status, 0);
      assert.strictEqual(v.stdout.trim(), version);
      const h = spawnSync(process.execPath, [compiledCli, '--help'], { encoding: 'utf8' });
      assert.strictEqual(h.status, 0);
      for (const c of ['status', 'report', 'scan', 'watch', 'classify', 'inject', 'demo']) {
        assert.match(h.stdout, new RegExp(`\\n  ${c} `));
      }
    });
  });

  describe('watch', () => {
    it('prints findings of appended lines and of new files as they come, and ends cleanly on abort', async () => {
      const dir = path.join(tmp, 'projects');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(fixtures, 'prompt_too_long.jsonl'), path.join(dir, 'a.jsonl'));
      const stdout = new Capture();
      const stderr = new Capture();
      const abort = new AbortController();
      const done = run(['watch', '--poll', '20', '--since-now', dir], { stdout, stderr, signal: abort.signal });
      await waitFor(
        () => stderr.text.includes('Watching'),
        () => stderr.text,
      );
      assert.strictEqual(stdout.text, '', '--since-now: what the file already held is not printed');

      fs.appendFileSync(path.join(dir, 'a.jsonl'), fixtureLine('auth_401.jsonl', 17));
      await waitFor(
        () => /CRITICAL auth -> Halt/.test(stdout.text),
        () => stdout.text + stderr.text,
      );
      assert.match(stdout.text, /a\.jsonl@\d+/);

      fs.copyFileSync(path.join(fixtures, 'tool_loop.jsonl'), path.join(dir, 'b.jsonl'));
      await waitFor(
        () => /HIGH repeated_tool_call -> Break Loop/.test(stdout.text),
        () => stdout.text + stderr.text,
      );

      abort.abort();
      const r = await done;
      assert.strictEqual(r.code, EXIT.ok);
      assert.match(r.err, /Stopped watching/);
    });

    it('prints what existing files hold first (catch-up), as JSON lines with --json, and saves --store on exit', async () => {
      const dir = path.join(tmp, 'projects');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(fixtures, 'prompt_too_long.jsonl'), path.join(dir, 'a.jsonl'));
      const store = path.join(tmp, 'store.sqlite');
      const stdout = new Capture();
      const stderr = new Capture();
      const abort = new AbortController();
      const done = run(['--store', store, 'watch', '--json', '--poll', '20', dir], { stdout, stderr, signal: abort.signal });
      await waitFor(
        () => stderr.text.includes('Watching'),
        () => stderr.text,
      );
      const first = JSON.parse(stdout.text.split('\n')[0]);
      assert.strictEqual(first.type, 'token_limit');
      assert.strictEqual(first.live, false);
      abort.abort();
      assert.strictEqual((await done).code, EXIT.ok);
      const status = JSON.parse((await run(['--store', store, 'status', '--all', '--json'])).out);
      assert.strictEqual(status.sessions[0].findings[0].type, 'token_limit');
    });
    it("without paths, follows the agents' default folders and picks up a new session file", async () => {
      const projects = path.join(tmp, 'claude', 'projects');
      fs.mkdirSync(path.join(projects, '-work-app'), { recursive: true });
      const stdout = new Capture();
      const stderr = new Capture();
      const abort = new AbortController();
      const done = run(['watch', '--poll', '20'], {
        stdout,
        stderr,
        signal: abort.signal,
        env: { CLAUDE_CONFIG_DIR: path.join(tmp, 'claude') },
      });
      await waitFor(
        () => stderr.text.includes('Watching'),
        () => stderr.text,
      );
      assert.match(stderr.text, /Watching .*claude[\\/]projects/);
      fs.copyFileSync(
        path.join(fixtures, 'prompt_too_long.jsonl'),
        path.join(projects, '-work-app', '57590a15-0000-4000-8000-000000000000.jsonl'),
      );
      await waitFor(
        () => /HIGH token_limit -> Compact Context/.test(stdout.text),
        () => stdout.text + stderr.text,
      );
      abort.abort();
      assert.strictEqual((await done).code, EXIT.ok);
    });
  });

  describe('demo', () => {
    it('replays real transcripts on a temporary store and shows detection, severity, strategy and the dashboard', async () => {
      const r = await run(['demo', '--keep']);
      assert.strictEqual(r.code, EXIT.ok, r.err);
      assert.match(r.out, /detected\s+auth\s+-> CRITICAL -> Halt/);
      assert.match(r.out, /detected\s+rate_limit\s+-> MEDIUM\s+-> Back Off\s+\[3 times in 300 s\]/);
      assert.match(r.out, /Open findings/);
      const kept = /The demo store is (\S+)/.exec(r.out)?.[1];
      assert.ok(kept && fs.existsSync(kept), r.out);
      const status = JSON.parse((await run(['--store', kept, 'status', '--all', '--json'])).out);
      assert.ok(status.sessions.some((s: { health: string }) => s.health === 'critical'));
      fs.rmSync(path.dirname(kept), { recursive: true, force: true });
    });
  });
});
