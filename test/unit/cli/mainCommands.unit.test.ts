/**
 * The CLI's classify, inject, status (the store file), watch and demo commands, run in process through `main`
 * (./cliRun.ts).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import { EXIT, classifyStream } from '../../../src/cli/main';
import { resolveStorePath } from '../../../src/host/node/storeFile';
import { FakeClock } from '../helpers';
import { repo, fixtures, compiledCli, Capture, run, waitFor, fixtureLine, tmpDirEach } from './cliRun';

describe('CLI', () => {
  let tmp: string;
  tmpDirEach((dir) => (tmp = dir));

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
