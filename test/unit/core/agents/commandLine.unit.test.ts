/** Recognising the agent CLI a shell command line starts. */
import * as assert from 'assert';
import { recogniseAgentCommand, resumedSessionId, splitWords } from '../../../../src/core/agents/commandLine';

describe('agentCommand', () => {
  const agentOf = (line: string, extra: string[] = []) => recogniseAgentCommand(line, extra)?.agent;

  it('knows the six agent CLIs by program name', () => {
    assert.strictEqual(agentOf('claude'), 'claude-code');
    assert.strictEqual(agentOf('codex --full-auto "fix the tests"'), 'codex');
    assert.strictEqual(agentOf('gemini -p hello'), 'gemini');
    assert.strictEqual(agentOf('aider --model sonnet'), 'aider');
    assert.strictEqual(agentOf('qwen'), 'qwen');
    assert.strictEqual(agentOf('opencode run "hi"'), 'opencode');
  });

  it('sees through env assignments, env/exec/time/nohup, paths, quotes and .exe', () => {
    assert.strictEqual(agentOf('ANTHROPIC_BASE_URL=http://127.0.0.1:9 CLAUDE_CODE_MAX_RETRIES=3 claude'), 'claude-code');
    assert.strictEqual(agentOf('env -i FOO=1 codex'), 'codex');
    assert.strictEqual(agentOf('time nohup /usr/local/bin/gemini'), 'gemini');
    assert.strictEqual(agentOf('"/opt/my tools/claude" --resume abc'), 'claude-code');
    assert.strictEqual(agentOf('C:\\Users\\dev\\AppData\\Roaming\\npm\\claude.cmd'), 'claude-code');
    assert.strictEqual(agentOf('.\\codex.exe'), 'codex');
  });

  it('sees through npx, bunx, pnpm dlx, yarn dlx, npm exec, uvx and pipx run, with package names and versions', () => {
    assert.strictEqual(agentOf('npx -y @anthropic-ai/claude-code@2.1.330'), 'claude-code');
    assert.strictEqual(agentOf('npx --package @openai/codex codex'), 'codex');
    assert.strictEqual(agentOf('bunx @google/gemini-cli'), 'gemini');
    assert.strictEqual(agentOf('pnpm dlx @qwen-code/qwen-code@latest'), 'qwen');
    assert.strictEqual(agentOf('yarn dlx opencode-ai'), 'opencode');
    assert.strictEqual(agentOf('npm exec -- @openai/codex@0.169.0 resume'), 'codex');
    assert.strictEqual(agentOf('uvx --from aider-chat aider'), 'aider');
    assert.strictEqual(agentOf('pipx run aider-chat'), 'aider');
    assert.strictEqual(agentOf('python -m aider'), 'aider');
  });

  it('looks at every command of a list and the head of a pipeline', () => {
    assert.strictEqual(agentOf('cd ~/app && claude'), 'claude-code');
    assert.strictEqual(agentOf('claude -p "hi" | tee out.log'), 'claude-code');
    assert.strictEqual(agentOf('cat prompt.txt | claude -p'), undefined);
    assert.strictEqual(agentOf('false || codex'), 'codex');
  });

  it('does not take other programs, arguments or look-alikes for agents', () => {
    for (const line of [
      'ls -la',
      'git commit -m "claude fixed it"',
      'echo codex',
      'claudette',
      'npm test',
      'grep -r gemini .',
      'vim aider.md',
      '',
    ]) {
      assert.strictEqual(agentOf(line), undefined, line);
    }
  });

  it('adds configured program names: known ones keep their agent, others are generic', () => {
    assert.strictEqual(agentOf('my-agent --go'), undefined);
    assert.strictEqual(agentOf('my-agent --go', ['my-agent']), 'generic');
    assert.strictEqual(agentOf('MY-AGENT', [' My-Agent ']), 'generic');
    assert.strictEqual(agentOf('codex', ['codex']), 'codex');
  });

  it('finds the session id a command resumes', () => {
    const id = '6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10';
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`claude --resume ${id}`)!), id);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`claude -r ${id} --verbose`)!), id);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`claude --session-id=${id}`)!), id);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`codex resume ${id}`)!), id);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand('claude --resume')!), undefined);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand('claude --resume --verbose')!), undefined);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand('codex "resume the work"')!), undefined);
  });

  it('splits words with quotes and escapes', () => {
    assert.deepStrictEqual(splitWords(`a "b c" 'd "e"' f\\ g "h\\"i"`), ['a', 'b c', 'd "e"', 'f g', 'h"i']);
    assert.deepStrictEqual(splitWords('  '), []);
    assert.deepStrictEqual(splitWords('""'), ['']);
  });
});
