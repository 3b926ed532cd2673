import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AGENTS, AGENT_IDS, SOURCE_IDS, agentName, agentPlugin } from '../../../../src/core/agents/index';
import {
  KNOWN_AGENT_PROGRAMS,
  printedResumeId,
  recogniseAgentCommand,
  resumedSessionId,
  resumedSessionIdOfLine,
} from '../../../../src/core/agents/commandLine';
import { DEFAULT_RECIPES } from '../../../../src/core/recovery/recipes';
import { DEFAULT_CHANNEL_NAMES, agentOfChannel } from '../../../../src/core/ingest/outputChannels';
import { TRANSCRIPT_KINDS } from '../../../../src/core/ingest/kinds';
import { PRICE_TABLE } from '../../../../src/core/agents/pricing';
import { CONTEXT_WINDOWS } from '../../../../src/core/agents/contextWindows';
import { REPO_ROOT } from '../../helpers';

const AGENTS_DIR = path.join(REPO_ROOT, 'src/core/agents');
const UUID = '0b5e3f4c-1d2e-4f60-8a9b-0c1d2e3f4a5b';

describe('agent plug-ins (src/core/agents/index.ts is the one list)', () => {
  it('has one plug-in per agent folder, each with a FORMAT.md, and unique ids, programs and kind ids', () => {
    const folders = fs.readdirSync(AGENTS_DIR).filter((d) => fs.existsSync(path.join(AGENTS_DIR, d, 'plugin.ts')));
    assert.strictEqual(folders.length, AGENTS.length, `folders with a plugin.ts: ${folders.join(', ')}`);
    for (const d of fs.readdirSync(AGENTS_DIR).filter((e) => fs.statSync(path.join(AGENTS_DIR, e)).isDirectory())) {
      assert.ok(fs.existsSync(path.join(AGENTS_DIR, d, 'FORMAT.md')), `${d}/FORMAT.md`);
    }
    assert.strictEqual(new Set(AGENT_IDS).size, AGENTS.length);
    const programs = AGENTS.flatMap((a) => a.programs);
    assert.strictEqual(new Set(programs).size, programs.length, 'a program name belongs to one agent');
    assert.strictEqual(new Set(TRANSCRIPT_KINDS.map((k) => k.id)).size, TRANSCRIPT_KINDS.length);
    assert.deepStrictEqual(SOURCE_IDS, [...TRANSCRIPT_KINDS.map((k) => k.id), 'generic']);
  });

  it('derives the program table, recipes, channels, windows and prices from the plug-ins', () => {
    for (const a of AGENTS) {
      for (const p of a.programs) {
        assert.strictEqual(KNOWN_AGENT_PROGRAMS[p], a.id, p);
      }
      assert.deepStrictEqual(DEFAULT_RECIPES[a.id], a.recipe, a.id);
      for (const c of a.outputChannels.defaults) {
        assert.ok(DEFAULT_CHANNEL_NAMES.includes(c), c);
      }
      for (const k of a.kinds) {
        assert.strictEqual(k.agent, a.id, `${k.id} belongs to ${a.id}`);
      }
    }
    assert.strictEqual(
      PRICE_TABLE.length,
      AGENTS.reduce((n, a) => n + a.prices.length, 0),
    );
    assert.strictEqual(
      CONTEXT_WINDOWS.length,
      AGENTS.reduce((n, a) => n + a.contextWindows.length, 0),
    );
    assert.strictEqual(agentName('claude-code'), 'Claude Code');
    assert.strictEqual(agentName('no-such-agent'), 'no-such-agent');
    assert.strictEqual(agentPlugin('no-such-agent').id, 'generic');
  });

  it('reads each agent’s own resume syntax, with one parser for command lines and printed hints', () => {
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`opencode --session ${UUID}`)!), UUID);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`opencode -s=${UUID}`)!), UUID);
    assert.strictEqual(resumedSessionId(recogniseAgentCommand(`aider -r ${UUID}`)!), undefined, 'aider has no session ids');
    assert.strictEqual(resumedSessionIdOfLine(`codex resume ${UUID}`), UUID);
    assert.strictEqual(resumedSessionIdOfLine(`my-agent --resume ${UUID}`), UUID, 'an unknown program: the generic flags');
    assert.strictEqual(resumedSessionIdOfLine('ls -r'), undefined);
    assert.strictEqual(printedResumeId(`To resume this session: claude --resume ${UUID}`), UUID);
    assert.strictEqual(printedResumeId(`  codex resume ${UUID}`), UUID);
    assert.strictEqual(printedResumeId(`gemini --resume ${UUID}`), UUID);
    assert.strictEqual(printedResumeId(`see --resume ${UUID}`), undefined, 'no agent program before the flag');
  });

  it('ties an output channel to the plug-in with the longest matching word', () => {
    assert.strictEqual(agentOfChannel('Claude Code'), 'claude-code');
    assert.strictEqual(agentOfChannel('Cline', 'saoudrizwan.claude-dev'), 'cline');
    assert.strictEqual(agentOfChannel('Roo-Code'), 'roo');
    assert.strictEqual(agentOfChannel('Kilo-Code', 'kilocode.kilo-code'), 'kilo');
    assert.strictEqual(agentOfChannel('GitHub Copilot Chat'), 'copilot');
    assert.strictEqual(agentOfChannel('Codex', 'openai.chatgpt'), 'codex');
    assert.strictEqual(agentOfChannel('Continue'), 'generic');
  });
});
