/**
 * The `session-doctor` CLI: in-process through `main(argv, io)` with captured streams, and spawned (the compiled
 * out/src/cli/index.js) for the executable's wiring: scan and the document formats (classify, inject, status, watch and
 * demo: mainCommands.unit.test.ts). Transcripts are the real Claude Code fixtures of test/fixtures/claude.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FileIngestor } from '../../../src/cli/files';
import { EXIT } from '../../../src/cli/main';
import { TRANSCRIPT_KINDS, TranscriptKind } from '../../../src/core/ingest/kinds';
import { FakeClock, newEngine } from '../helpers';
import { fixtures, run, fixtureLine, tmpDirEach } from './cliRun';

describe('CLI', () => {
  let tmp: string;
  tmpDirEach((dir) => (tmp = dir));

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
});
