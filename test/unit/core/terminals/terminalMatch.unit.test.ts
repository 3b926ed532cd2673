import * as assert from 'assert';
import {
  TerminalFacts,
  bestTerminalIndex,
  classifyExit,
  normalizePath,
  scoreTerminal,
  tieToTranscript,
} from '../../../../src/core/terminals/terminalMatch';

describe('terminalMatch', () => {
  const options = { agentNames: ['claude', 'Claude Code'] };
  const session = { id: '6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10', cwd: '/home/dev/app' };
  const t = (name: string, cwd: string | undefined, ...commandLines: string[]): TerminalFacts => ({ name, cwd, commandLines });

  it('finds nothing among plain shells, even in the same folder', () => {
    assert.strictEqual(bestTerminalIndex([t('bash', '/home/dev/app'), t('zsh', undefined, 'npm test')], session, options), -1);
    assert.strictEqual(bestTerminalIndex([], session, options), -1);
  });

  it('matches a terminal running the agent', () => {
    assert.strictEqual(bestTerminalIndex([t('bash', '/tmp'), t('zsh', '/elsewhere', 'claude')], session, options), 1);
    assert.strictEqual(bestTerminalIndex([t('bash', undefined, '/usr/local/bin/claude --model opus')], session, options), 0);
    assert.strictEqual(bestTerminalIndex([t('bash', undefined, 'npx @anthropic-ai/claude-code@latest')], session, options), 0);
    assert.strictEqual(bestTerminalIndex([t('bash', undefined, 'ANTHROPIC_LOG=debug claude')], session, options), 0);
  });

  it('matches by terminal name, not by a prefix of a longer word', () => {
    assert.strictEqual(bestTerminalIndex([t('Claude Code', undefined)], session, options), 0);
    assert.strictEqual(bestTerminalIndex([t('Claude Code · app', undefined)], session, options), 0);
    assert.strictEqual(bestTerminalIndex([t('claudette', undefined)], session, options), -1);
  });

  it('prefers the agent terminal whose cwd equals the session cwd', () => {
    const terminals = [t('claude', '/home/dev/other'), t('claude', '/home/dev/app/'), t('claude', '/home/dev/third')];
    assert.strictEqual(bestTerminalIndex(terminals, session, options), 1);
  });

  it('prefers the terminal that names the session id over everything else', () => {
    const terminals = [t('Claude Code', '/home/dev/app', 'claude'), t('bash', '/somewhere', `claude --resume ${session.id}`)];
    assert.strictEqual(bestTerminalIndex(terminals, session, options), 1);
  });

  it('ranks a terminal resuming another session below a plain agent terminal', () => {
    const terminals = [
      t('bash', '/home/dev/app', 'claude --resume 11111111-2222-4333-8444-555555555555'),
      t('bash', '/home/dev/app', 'claude'),
    ];
    assert.strictEqual(bestTerminalIndex(terminals, session, options), 1);
    assert.ok(scoreTerminal(terminals[0], session, options) <= 0);
  });

  it('breaks ties toward the most recent terminal', () => {
    assert.strictEqual(bestTerminalIndex([t('claude', undefined), t('claude', undefined)], session, options), 1);
  });

  it('normalizes paths', () => {
    assert.strictEqual(normalizePath('C:\\Users\\dev\\app\\'), 'c:/Users/dev/app');
    assert.strictEqual(normalizePath('/'), '/');
    assert.strictEqual(normalizePath('/a/b//'), '/a/b');
  });
});

describe('terminalMatch: tie a terminal to its transcript session', () => {
  const t0 = Date.UTC(2026, 10, 23, 12, 0, 0);
  const c = (id: string, agent: string, cwd: string, startedAt: number) => ({ id, agent, cwd, startedAt });

  it('takes the session of the same agent and cwd that started closest after the command', () => {
    const candidates = [
      c('old', 'claude-code', '/home/dev/app', t0 - 3_600_000),
      c('other-agent', 'codex', '/home/dev/app', t0 + 2_000),
      c('other-cwd', 'claude-code', '/home/dev/else', t0 + 2_000),
      c('late', 'claude-code', '/home/dev/app', t0 + 50_000),
      c('mine', 'claude-code', '/home/dev/app/', t0 + 8_000),
    ];
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', cwd: '/home/dev/app', startedAtMs: t0 }, candidates), 'mine');
  });

  it('skips sessions tied to another terminal, and those out of the window', () => {
    const candidates = [c('a', 'claude-code', '/w', t0 + 1_000), c('b', 'claude-code', '/w', t0 + 90_000)];
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', cwd: '/w', startedAtMs: t0 }, candidates, new Set(['a'])), undefined);
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', cwd: '/w', startedAtMs: t0 }, candidates, new Set(['a']), 120_000), 'b');
  });

  it('prefers the id the command resumes; without a cwd nothing else ties', () => {
    const candidates = [c('resumed', 'claude-code', '/x', t0 - 86_400_000), c('near', 'claude-code', '/w', t0 + 1_000)];
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', cwd: '/w', startedAtMs: t0, resumedId: 'resumed' }, candidates), 'resumed');
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', cwd: '/w', startedAtMs: t0, resumedId: 'unknown' }, candidates), 'near');
    assert.strictEqual(tieToTranscript({ agent: 'claude-code', startedAtMs: t0 }, candidates), undefined);
  });
});

describe('terminalMatch: how an agent process ended', () => {
  it('a clean exit and Ctrl+C (130) are not crashes', () => {
    assert.strictEqual(classifyExit(0).crash, false);
    assert.deepStrictEqual(classifyExit(130), { crash: false, detail: 'exited with code 130 (interrupted with Ctrl+C)' });
  });

  it('other non-zero codes and kill signals are crashes, named', () => {
    assert.deepStrictEqual(classifyExit(1), { crash: true, detail: 'exited with code 1' });
    assert.deepStrictEqual(classifyExit(137), { crash: true, detail: 'exited with code 137 (killed: SIGKILL, often out of memory)' });
    assert.strictEqual(classifyExit(143).detail, 'exited with code 143 (killed: SIGTERM)');
    assert.strictEqual(classifyExit(143).crash, true);
  });

  it('no exit code: a crash only when the terminal ended mid-run without the user closing it', () => {
    assert.strictEqual(classifyExit(undefined).crash, false);
    assert.strictEqual(classifyExit(undefined, { terminalEnded: true }).crash, true);
    assert.strictEqual(classifyExit(undefined, { terminalEnded: true, closedByUser: true }).crash, false);
  });
});
