/**
 * The terminal source driven through fakes of the VS Code window API (terminals, shell-integration executions with
 * async-iterable output), a fake clock and hand-driven timers, on a real engine. The output fed is the real Claude Code
 * capture (test/fixtures/terminal) or short agent error lines.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NOT_READABLE_HINT } from '../../../../src/features/terminals/terminalSource';
import { REPO_ROOT } from '../../helpers';
import { flush, setup } from './fakeTerminals';

describe('TerminalSource', () => {
  it('an agent error printed in a terminal becomes a finding of the terminal session; ordinary output does not', async () => {
    const s = await setup();
    const t = s.open('zsh');
    const x = s.run(t, 'CLAUDE_CODE_MAX_RETRIES=3 npx -y @anthropic-ai/claude-code');
    x.push('Reading the code that handles HTTP 429 rate limits…\r\n');
    x.push('\x1b[31m● API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\x1b[0m\r\n');
    await flush();
    s.timers.advance(200);
    const session = s.engine.session('terminal:zsh:1');
    assert.deepStrictEqual(
      session?.findings.map((f) => [f.type, f.severity]),
      [['auth', 'CRITICAL']],
    );
    assert.strictEqual(session?.agent, 'claude-code');
    assert.strictEqual(s.engine.agentProcess('terminal:zsh:1')?.state, 'running');
    const row = s.source.rows()[0];
    assert.deepStrictEqual(
      [row.name, row.readable, row.agent, row.sessionId, row.tied, row.errorLines],
      ['zsh', 'readable', 'claude-code', 'terminal:zsh:1', false, 1],
    );
    s.source.dispose();
  });

  it('the real Claude Code TUI capture: one rate-limit finding, each failed request counted once (unnamed early retries too)', async () => {
    const s = await setup();
    const t = s.open('bash');
    const x = s.run(t, 'claude "Say hello"');
    const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'terminal');
    const raw = fs.readFileSync(path.join(dir, 'claude_rate_limit.raw'));
    const timing = fs
      .readFileSync(path.join(dir, 'claude_rate_limit.timing'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    let at = 0;
    for (const [delay, bytes] of timing) {
      s.timers.advance(Math.round(delay * 1000));
      x.push(new TextDecoder().decode(raw.subarray(at, at + bytes)));
      at += bytes;
      await flush();
    }
    await s.end(t, x, 0);
    const f = s.engine.session('terminal:bash:1')?.findings ?? [];
    assert.deepStrictEqual(
      f.map((x) => x.type),
      ['rate_limit'],
    );
    // CLAUDE_CODE_MAX_RETRIES=3: the first request and three retries, all answered 429. The early retry lines say only
    // "API error · retrying ... attempt n/3"; the later ones name the 429, which they are counted as.
    assert.strictEqual(f[0].count, 4);
    assert.strictEqual(f[0].severity, 'MEDIUM');
    assert.strictEqual(s.engine.agentProcess('terminal:bash:1')?.state, 'exited');
    s.source.dispose();
  });

  it('a non-zero exit is a process_crash; Ctrl+C (130) and 0 are not', async () => {
    const s = await setup();
    const t = s.open('work');
    const a = s.run(t, 'codex');
    await s.end(t, a, 130);
    const b = s.run(t, 'codex');
    await s.end(t, b, 0);
    const c = s.run(t, 'codex --full-auto');
    await s.end(t, c, 137);
    assert.strictEqual(s.engine.session('terminal:work:1'), undefined);
    assert.strictEqual(s.engine.agentProcess('terminal:work:1')?.exitCode, 130);
    assert.strictEqual(s.engine.session('terminal:work:2'), undefined);
    const crashed = s.engine.session('terminal:work:3');
    assert.deepStrictEqual(
      crashed?.findings.map((f) => [f.type, f.severity, f.strategy]),
      [['process_crash', 'HIGH', 'restart_session']],
    );
    assert.match(
      crashed!.findings[0].lastText,
      /^Agent process exited with code 137 \(killed: SIGKILL, often out of memory\) \(codex in terminal "work"\)$/,
    );
    assert.deepStrictEqual(s.source.rows()[0].process, {
      state: 'exited',
      detail: 'exited with code 137 (killed: SIGKILL, often out of memory)',
      crash: true,
    });
    s.source.dispose();
  });

  it('a terminal closed under a running agent is a crash unless the user closed it', async () => {
    const s = await setup();
    const t1 = s.open('one');
    s.run(t1, 'gemini');
    const t2 = s.open('two');
    s.run(t2, 'gemini');
    s.close(t1, 3 /* TerminalExitReason.User */);
    s.close(t2, 2 /* TerminalExitReason.Process */);
    assert.strictEqual(s.engine.session('terminal:one:1'), undefined);
    assert.strictEqual(s.engine.agentProcess('terminal:one:1')?.state, 'exited');
    assert.deepStrictEqual(
      s.engine.session('terminal:two:1')?.findings.map((f) => f.type),
      ['process_crash'],
    );
    assert.deepStrictEqual(s.source.rows(), []);
    s.source.dispose();
  });

  it('ties the terminal to the transcript session that appears after the first prompt; then its errors are left to the transcript', async () => {
    const s = await setup();
    const t = s.open('claude');
    const x = s.run(t, 'claude', '/home/dev/app');
    assert.strictEqual(s.source.rows()[0].tied, false);
    // The transcript source sees the session 8 s later (same cwd, same agent).
    s.clock.advance(8_000);
    s.engine.updateSession('6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10', { agent: 'claude-code', cwd: '/home/dev/app', file: '/t/6f1c.jsonl' });
    s.engine.ingest(
      [
        {
          sessionId: '6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10',
          agent: 'claude-code',
          timestamp: s.clock.now(),
          kind: 'user',
          text: 'hi',
          cwd: '/home/dev/app',
        },
      ],
      { live: true },
    );
    s.timers.advance(5_000);
    const row = s.source.rows()[0];
    assert.deepStrictEqual([row.tied, row.sessionId], [true, '6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10']);
    assert.strictEqual(s.engine.agentProcess('6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10')?.state, 'running');
    x.push('● API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}\r\n');
    await flush();
    s.timers.advance(200);
    assert.strictEqual(s.engine.session('terminal:claude:1'), undefined, 'no second row for the same session');
    assert.strictEqual(s.source.rows()[0].errorLines, 1);
    await s.end(t, x, 1);
    assert.deepStrictEqual(
      s.engine.session('6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10')?.findings.map((f) => f.type),
      ['process_crash'],
    );
    s.source.dispose();
  });

  it('a tied terminal adds the retries in progress (which transcripts do not record) to the transcript session', async () => {
    const s = await setup();
    const t = s.open('bash');
    const x = s.run(t, 'claude', '/home/dev/app');
    const id = '0b9f3c1e-7a2d-4e5f-8c6b-1d2e3f4a5b6c';
    // The prompt is in the transcript before the first API call; the first retry line arrives before the 5 s tie retry.
    s.clock.advance(2_000);
    s.engine.ingest(
      [{ sessionId: id, agent: 'claude-code', timestamp: s.clock.now(), kind: 'user', text: 'Say hello', cwd: '/home/dev/app' }],
      { live: true },
    );
    for (let attempt = 1; attempt <= 3; attempt++) {
      // Claude Code 2.1.330's status line, as the real TUI redraws it (the countdown changes, the attempt counts); the
      // first attempt does not name its error yet: it counts once a later line names it.
      const cause = attempt === 1 ? 'API error' : '429 This request would exceed the rate limit for your organization';
      x.push(`\r\x1b[2K✻ ${cause} · retrying in 3s · attempt ${attempt}/3\r\n`);
      await flush();
      s.timers.advance(200);
    }
    assert.strictEqual(s.engine.session('terminal:bash:1'), undefined, 'tied at the first error line: no row of its own');
    const f = s.engine.session(id)?.findings ?? [];
    assert.deepStrictEqual(
      f.map((x) => [x.type, x.count, x.severity]),
      [['rate_limit', 3, 'MEDIUM']],
    );
    // A line that is not a retry (the final give-up) is left to the transcript, which records it.
    x.push('● API Error: Request rejected (429) · This request would exceed the rate limit for your organization\r\n');
    await flush();
    s.timers.advance(200);
    assert.strictEqual(s.engine.session(id)?.findings[0].count, 3);
    s.source.dispose();
  });

  it('ties by the resume hint the agent prints on exit', async () => {
    const s = await setup();
    const id = '3dad5a6d-63f1-4181-9652-81e475cb3fb6';
    s.engine.updateSession(id, { agent: 'claude-code', cwd: '/elsewhere' });
    s.engine.ingest([{ sessionId: id, agent: 'claude-code', timestamp: s.clock.now() - 3_600_000, kind: 'user', text: 'x' }], {
      live: false,
    });
    const t = s.open('bash');
    const x = s.run(t, 'claude');
    x.push(`Resume this session with:\r\nclaude --resume ${id}\r\n`);
    await s.end(t, x, 0);
    assert.strictEqual(s.source.rows()[0].sessionId, id);
    assert.strictEqual(s.engine.agentProcess(id)?.state, 'exited');
    s.source.dispose();
  });

  it('lists a terminal without shell integration as not readable after the grace period; configured names count as agents', async () => {
    const s = await setup(['my-agent']);
    const plain = s.open('cmd.exe', false);
    assert.strictEqual(s.source.rows()[0].readable, 'waiting');
    s.timers.advance(10_000);
    assert.strictEqual(s.source.rows()[0].readable, 'not-readable');
    assert.match(NOT_READABLE_HINT, /terminal\.integrated\.shellIntegration\.enabled/);
    assert.strictEqual(s.source.terminalOf(s.source.rows()[0].key), plain);
    const t = s.open('bash');
    s.run(t, 'ls -la');
    assert.strictEqual(s.source.rows()[1].agent, undefined);
    s.run(t, './bin/my-agent --go');
    assert.strictEqual(s.source.rows()[1].agent, 'generic');
    s.source.dispose();
  });
});
