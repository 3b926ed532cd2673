/**
 * Real Claude Code transcripts (test/fixtures/claude, made by the real CLI against our fault-injecting server; see
 * PROVENANCE.md) through the whole core path: tailer -> parser -> detector -> policy -> store -> session health.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { claudeFormat } from '../../../../../src/core/agents/claude/kind';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { newEngine, tailFixture, REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/claude');

/** Tails one fixture into a fresh engine whose clock sits just after the transcript's last line. */
async function load(name: string, config = {}): Promise<SessionSnapshot> {
  const file = path.join(FIXTURES, name);
  const { engine, result: r } = await tailFixture(file, claudeFormat, path.basename(name, '.jsonl'), config);
  const sessions = engine.snapshot();
  assert.ok(sessions.length >= 1, 'a session');
  return sessions.find((s) => r.sessionIds.includes(s.id)) ?? sessions[0];
}

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');

describe('Claude Code transcripts -> session health', () => {
  it('happy path: healthy, titled, usage and cost counted', async () => {
    const s = await load('happy.jsonl');
    assert.strictEqual(s.health, 'ok');
    assert.strictEqual(s.findings.length, 0);
    assert.strictEqual(s.title, 'Greeting check');
    assert.strictEqual(s.project, 'demo-app');
    assert.ok(s.tokens.input > 0 && s.tokens.output > 0);
    assert.ok(s.costUsd > 0);
    assert.strictEqual(s.agent, 'claude-code');
  });

  it('tool use with a failing command and a denied tool: no finding', async () => {
    for (const name of ['tool_use.jsonl', 'tool_denied.jsonl']) {
      const s = await load(name);
      assert.deepStrictEqual(open(s), [], name);
      assert.ok(s.messageCount >= 4, `${name}: ${s.messageCount} messages`);
    }
  });

  it('a repeated identical tool call is a loop (HIGH, break loop)', async () => {
    const s = await load('tool_loop.jsonl');
    const f = open(s).find((x) => x.type === 'repeated_tool_call');
    assert.ok(f, JSON.stringify(open(s)));
    assert.strictEqual(f.severity, 'HIGH');
    assert.strictEqual(f.strategy, 'break_loop_and_notify');
    assert.match(f.lastText, /Bash/);
    assert.strictEqual(s.health, 'warning');
  });

  it('429s retried, then success: the finding escalated, then resolved by the agent', async () => {
    const s = await load('rate_limit_then_ok.jsonl');
    const f = s.findings.find((x) => x.type === 'rate_limit');
    assert.ok(f);
    assert.strictEqual(f.count, 3);
    assert.strictEqual(f.severity, 'MEDIUM');
    assert.strictEqual(f.status, 'resolved');
    assert.strictEqual(s.health, 'ok');
  });

  it('429 forever: an open, escalated rate-limit finding with a backoff delay', async () => {
    const s = await load('rate_limit_forever.jsonl');
    const f = open(s).find((x) => x.type === 'rate_limit');
    assert.ok(f);
    assert.ok(f.count >= 4, `count ${f.count}`);
    assert.strictEqual(f.severity, 'MEDIUM');
    assert.match(f.escalation, /times in 300 s/);
    assert.strictEqual(f.strategy, 'backoff');
    assert.ok(f.backoffMs! >= 8000);
    assert.strictEqual(s.health, 'warning');
    assert.ok(f.file?.endsWith('rate_limit_forever.jsonl') && typeof f.offset === 'number');
  });

  it('401: CRITICAL auth finding, halt', async () => {
    const s = await load('auth_401.jsonl');
    const f = open(s).find((x) => x.type === 'auth');
    assert.ok(f);
    assert.strictEqual(f.severity, 'CRITICAL');
    assert.strictEqual(f.strategy, 'halt_and_notify');
    assert.strictEqual(s.health, 'critical');
    assert.ok(!s.lastError.includes('sk-ant-test-fixture-key'), 'key redacted');
  });

  it('prompt too long: context window exceeded, compact context', async () => {
    const s = await load('prompt_too_long.jsonl');
    const f = open(s).find((x) => x.type === 'token_limit');
    assert.ok(f, JSON.stringify(s.findings.map((x) => x.type)));
    assert.strictEqual(f.severity, 'HIGH');
    assert.strictEqual(f.strategy, 'compact_context');
    assert.ok(!open(s).some((x) => x.type === 'bad_request'), 'not a generic bad request');
  });

  it('529 and 500: overloaded and server error, backoff', async () => {
    const a = await load('overloaded_529.jsonl');
    assert.ok(
      open(a).some((x) => x.type === 'overloaded' && x.strategy === 'backoff'),
      JSON.stringify(a.findings.map((x) => x.type)),
    );
    const b = await load('server_500.jsonl');
    assert.ok(
      open(b).some((x) => x.type === 'server_error' && x.strategy === 'backoff'),
      JSON.stringify(b.findings.map((x) => x.type)),
    );
  });

  it('a hung request: timeout', async () => {
    const s = await load('hang.jsonl');
    assert.ok(
      open(s).some((x) => x.type === 'timeout'),
      JSON.stringify(s.findings.map((x) => [x.type, x.lastText])),
    );
  });

  it('compaction leaves the session healthy and ends a context overflow', async () => {
    const s = await load('compact.jsonl');
    assert.strictEqual(s.health, 'ok');
    const { engine, clock } = await newEngine();
    engine.ingest(
      [{ sessionId: 'c', agent: 'claude-code', timestamp: clock.now(), kind: 'error', text: 'Prompt is too long', httpStatus: 400 }],
      { live: true },
    );
    assert.strictEqual(engine.session('c')!.worstSeverity, 'HIGH');
    clock.advance(1000);
    engine.ingest(
      [{ sessionId: 'c', agent: 'claude-code', timestamp: clock.now(), kind: 'system', text: 'Conversation compacted', compaction: true }],
      { live: true },
    );
    assert.strictEqual(engine.session('c')!.health, 'ok');
  });

  it('garbage lines, a BOM and CRLF: skipped and counted, never fatal', async () => {
    const g = await load('garbage.jsonl');
    assert.ok(g.skippedLines >= 5, `skipped ${g.skippedLines}`);
    assert.match(g.lastError, /Skipped/);
    assert.ok(g.messageCount > 0);
    const c = await load('crlf_bom.jsonl');
    assert.ok(c.messageCount > 0);
    assert.strictEqual(c.skippedLines, 0);
  });

  it('a 50 MB line is skipped with bounded memory and the lines after it are read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-big-'));
    try {
      const file = path.join(dir, 'big.jsonl');
      const lines = fs.readFileSync(path.join(FIXTURES, 'auth_401.jsonl'), 'utf8').split('\n').filter(Boolean);
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, lines[0] + '\n');
      fs.writeSync(fd, '{"type":"user","message":{"content":"');
      const block = 'A'.repeat(1024 * 1024);
      for (let i = 0; i < 50; i++) {
        fs.writeSync(fd, block);
      }
      fs.writeSync(fd, '"}}\n' + lines.slice(1).join('\n') + '\n');
      fs.closeSync(fd);
      const { engine } = await newEngine();
      const tailer = new Tailer(nodeFileAccess, engine);
      const r = await tailer.read(file, claudeFormat, 'big', false);
      assert.strictEqual(r.skipped, 1);
      const s = r.sessionIds.map((id) => engine.session(id)!).find((x) => x && x.messageCount > 0)!;
      assert.strictEqual(s.skippedLines, 1);
      assert.strictEqual(s.health, 'critical', 'the 401s after the huge line were read');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
