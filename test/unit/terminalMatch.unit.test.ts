import * as assert from 'assert';
import { TerminalFacts, bestTerminalIndex, normalizePath, scoreTerminal } from '../../src/core/terminalMatch';

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
    const terminals = [t('bash', '/home/dev/app', 'claude --resume 11111111-2222-4333-8444-555555555555'), t('bash', '/home/dev/app', 'claude')];
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
