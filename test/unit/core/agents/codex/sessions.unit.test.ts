/**
 * Real Codex CLI rollouts (test/fixtures/codex, made by the real CLI against our fault-injecting fake OpenAI server; see
 * PROVENANCE.md) through the whole core path: tailer -> Codex parser -> detector -> policy -> store -> session health.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCodexFormat } from '../../../../../src/core/agents/codex/kind';
import type { EngineConfig } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { newEngine, tailFixture, REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/codex');

/** Tails one fixture into a fresh engine whose clock sits just after the rollout's last line. */
async function load(name: string, config: Partial<EngineConfig> = {}): Promise<SessionSnapshot> {
  const file = path.join(FIXTURES, name);
  const { engine, result: r } = await tailFixture(file, createCodexFormat(), 'rollout-file-name-id', config);
  const sessions = engine.snapshot();
  assert.strictEqual(sessions.length, 1, `one session: ${sessions.map((s) => s.id).join(', ')}`);
  assert.deepStrictEqual(r.sessionIds, [sessions[0].id]);
  return sessions[0];
}

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');
const types = (s: SessionSnapshot) => JSON.stringify(s.findings.map((f) => [f.type, f.status, f.severity]));

describe('Codex CLI rollouts -> session health', () => {
  it('happy path: healthy, the session id from session_meta, project from cwd, tokens counted', async () => {
    const s = await load('happy.jsonl');
    assert.strictEqual(s.agent, 'codex');
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.strictEqual(s.health, 'ok');
    assert.strictEqual(s.findings.length, 0);
    assert.strictEqual(s.project, 'demo-app');
    assert.ok(s.tokens.input > 0 && s.tokens.output > 0 && s.tokens.cacheRead > 0, JSON.stringify(s.tokens));
    // gpt-5-codex at GPT-5 list prices: uncached input 1.25, cached 0.125, output 10 USD per million tokens.
    const expected = (s.tokens.input * 1.25 + s.tokens.cacheRead * 0.125 + s.tokens.output * 10) / 1_000_000;
    assert.ok(Math.abs(s.costUsd - expected) < 1e-9, `${s.costUsd} vs ${expected}`);
  });

  it('tool use with a failing command: no finding', async () => {
    const s = await load('tool_use.jsonl');
    assert.deepStrictEqual(open(s), []);
    assert.ok(s.messageCount >= 8, `${s.messageCount} messages`);
  });

  it('the same exec_command six times: a repeated tool call (HIGH, break loop)', async () => {
    const s = await load('tool_loop.jsonl');
    const f = open(s).find((x) => x.type === 'repeated_tool_call');
    assert.ok(f, types(s));
    assert.strictEqual(f.severity, 'HIGH');
    assert.strictEqual(f.strategy, 'break_loop_and_notify');
    assert.match(f.lastText, /exec_command called 3 times in a row.*exec_command: ls/);
    assert.strictEqual(s.health, 'warning');
  });

  it('a Codex session over the cost cap: CRITICAL budget finding', async () => {
    const s = await load('tool_loop.jsonl', { budgetCapUsd: 0.01 });
    assert.ok(s.costUsd > 0.01, `cost ${s.costUsd}`);
    const f = open(s).find((x) => x.type === 'budget_exceeded');
    assert.ok(f, types(s));
    assert.strictEqual(f.severity, 'CRITICAL');
    assert.strictEqual(s.health, 'critical');
  });

  it('429 forever (four failed turns): an open rate-limit finding escalated by the repeats, backoff', async () => {
    const s = await load('rate_limit_forever.jsonl');
    const f = open(s).find((x) => x.type === 'rate_limit');
    assert.ok(f, types(s));
    assert.strictEqual(f.count, 4);
    assert.strictEqual(f.severity, 'MEDIUM', 'LOW raised one level: 3 times in 300 s');
    assert.match(f.escalation, /times in 300 s/);
    assert.strictEqual(f.strategy, 'backoff');
    assert.strictEqual(s.health, 'warning');
    assert.ok(f.file?.endsWith('rate_limit_forever.jsonl') && typeof f.offset === 'number');
  });

  it('the interactive TUI writes the same failed turn: one rate-limit occurrence (LOW until it repeats)', async () => {
    const s = await load('tui_rate_limit.jsonl');
    const f = open(s).find((x) => x.type === 'rate_limit');
    assert.ok(f, types(s));
    assert.strictEqual(f.count, 1);
    assert.strictEqual(f.severity, 'LOW');
    assert.strictEqual(s.health, 'ok', 'a LOW finding alone leaves the session ok');
  });

  it('429s retried inside the turn, then success: nothing in the rollout, healthy', async () => {
    const s = await load('rate_limit_then_ok.jsonl');
    assert.strictEqual(s.findings.length, 0);
    assert.strictEqual(s.health, 'ok');
  });

  it('401: CRITICAL auth finding, halt; the key shown only masked', async () => {
    const s = await load('auth_401.jsonl');
    const f = open(s).find((x) => x.type === 'auth');
    assert.ok(f, types(s));
    assert.strictEqual(f.severity, 'CRITICAL');
    assert.strictEqual(f.strategy, 'halt_and_notify');
    assert.strictEqual(s.health, 'critical');
    assert.ok(!s.lastError.includes('sk-test-fixture-key'), s.lastError);
  });

  it('context window exceeded: token_limit, compact context, not a generic bad request', async () => {
    const s = await load('context_too_long.jsonl');
    const f = open(s).find((x) => x.type === 'token_limit');
    assert.ok(f, types(s));
    assert.strictEqual(f.severity, 'HIGH');
    assert.strictEqual(f.strategy, 'compact_context');
    assert.strictEqual(open(s).length, 1, types(s));
  });

  it('500 and 503: server error and overloaded, backoff', async () => {
    const a = await load('server_500.jsonl');
    assert.ok(
      open(a).some((x) => x.type === 'server_error' && x.strategy === 'backoff'),
      types(a),
    );
    const b = await load('overloaded_503.jsonl');
    assert.ok(
      open(b).some((x) => x.type === 'overloaded' && x.strategy === 'backoff'),
      types(b),
    );
  });

  it('an idle stream is a timeout; a dropped connection and a malformed stream are network failures', async () => {
    const idle = await load('stream_idle_timeout.jsonl');
    assert.deepStrictEqual(
      open(idle).map((x) => x.type),
      ['timeout'],
      types(idle),
    );
    for (const name of ['dropped.jsonl', 'malformed.jsonl']) {
      const s = await load(name);
      assert.deepStrictEqual(
        open(s).map((x) => x.type),
        ['network'],
        `${name}: ${types(s)}`,
      );
    }
  });

  it('a request that never answered leaves a healthy-looking session with only the prompt (no error is written)', async () => {
    const s = await load('hang.jsonl');
    assert.strictEqual(s.findings.length, 0);
    assert.strictEqual(s.messageCount, 1);
  });

  it('a context overflow ends with the compaction; an automatic compaction leaves the session healthy', async () => {
    const s = await load('auto_compact.jsonl');
    assert.strictEqual(s.health, 'ok');
    assert.strictEqual(s.findings.length, 0);
    const { engine } = await newEngine();
    const tailer = new Tailer(nodeFileAccess, engine);
    const lines = fs.readFileSync(path.join(FIXTURES, 'context_too_long.jsonl'), 'utf8').split('\n').filter(Boolean);
    const overflowAt = Date.parse(/"timestamp":"([^"]+)"/.exec(lines.find((l) => l.includes('"task_complete"'))!)![1]);
    const compacted = fs
      .readFileSync(path.join(FIXTURES, 'auto_compact.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.includes('"type":"compacted"'))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-codex-compact-'));
    try {
      const file = path.join(dir, 'rollout-x.jsonl');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const format = createCodexFormat();
      const r = await tailer.read(file, format, 'x', false);
      const id = r.sessionIds[0];
      assert.strictEqual(engine.session(id)!.worstSeverity, 'HIGH');
      // The compacted line of a real rollout, dated one second after the overflow, appended as Codex appends it.
      fs.appendFileSync(
        file,
        compacted.replace(/"timestamp":"[^"]+"/, `"timestamp":"${new Date(overflowAt + 1000).toISOString()}"`) + '\n',
      );
      await tailer.read(file, format, 'x', true);
      assert.strictEqual(engine.session(id)!.health, 'ok');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('garbage lines: skipped and counted in the session health, the good lines read', async () => {
    const s = await load('garbage.jsonl');
    // 9 bad lines in the file, but the last one has no newline yet: the tailer leaves it for the next read.
    assert.strictEqual(s.skippedLines, 8);
    assert.ok(s.messageCount >= 2);
  });
});
