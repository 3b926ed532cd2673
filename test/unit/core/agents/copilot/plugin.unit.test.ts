/**
 * Copilot CLI's recovery recipe against what its real 1.0.102 TUI did (test/fixtures/copilot/tui_recipes.screens.txt:
 * each step's keys and the screen after it, from `node scripts/make-copilot-fixtures.mjs tui_recipes`; the first
 * session's event log beside it). Copilot Chat (output channels, no terminal) is a separate agent and offers none.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copilotCliPlugin } from '../../../../../src/core/agents/copilot/plugin';
import { parseCopilotLine } from '../../../../../src/core/agents/copilot/events';
import { copilotChatPlugin } from '../../../../../src/core/agents/copilotChat/plugin';
import { recogniseAgentCommand } from '../../../../../src/core/agents/commandLine';
import { agentOfChannel } from '../../../../../src/core/ingest/outputChannels';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { copilotFormat } from '../../../../../src/core/agents/copilot/events';
import { recoveryActionsFor, resumeCommandFor } from '../../../../../src/core/recovery/recoveryActions';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/copilot');
const EVENTS = path.join(FIXTURES, 'tui_recipes.events.jsonl');

/** The steps of the TUI check: `## <step>: <what was sent>`, then the screen after it. */
const STEPS: { step: string; sent: string; screen: string }[] = fs
  .readFileSync(path.join(FIXTURES, 'tui_recipes.screens.txt'), 'utf8')
  .split(/^## /m)
  .slice(1)
  .map((part) => {
    const [head, ...rest] = part.split('\n');
    const colon = head.indexOf(': ');
    return { step: head.slice(0, colon), sent: head.slice(colon + 2), screen: rest.join('\n') };
  });

function step(name: string): { sent: string; screen: string } {
  const s = STEPS.find((x) => x.step === name);
  assert.ok(s, `step "${name}" in ${STEPS.map((x) => x.step).join(', ')}`);
  return s;
}

const recipe = copilotCliPlugin.recipe;

describe('Copilot CLI recipe, checked against its real TUI', () => {
  it('compact: the recipe types what the TUI compacted with', () => {
    const s = step('compact');
    assert.strictEqual(s.sent, `\`${recipe.compact}\` Enter`);
    assert.match(s.screen, /Compaction completed/);
  });

  it('clear: the recipe types what started a fresh session (a new session folder)', () => {
    const s = step('clear');
    assert.strictEqual(s.sent, `\`${recipe.clear}\` Enter`);
    assert.match(s.screen, /Started a fresh session/);
    const [, now, before] = /session folders: (\d+) \(were (\d+)\)/.exec(step('prompt after clear').sent)!;
    assert.ok(Number(now) > Number(before), step('prompt after clear').sent);
  });

  it('interrupt: Ctrl+C cancelled the request that hung; Escape left it working', () => {
    assert.strictEqual(recipe.interrupt, 'ctrl-c');
    assert.match(step('interrupt with Ctrl+C').screen, /Operation cancelled by user/);
    const esc = step('interrupt with Escape').screen;
    assert.match(esc, /Working/);
    assert.doesNotMatch(esc, /Operation cancelled/);
  });

  it('resume: the recipe renders the command that reopened the first session, which the next turn was appended to', () => {
    const s = step('resume');
    const id = /\(([0-9a-f-]{36})\)$/.exec(s.sent)![1];
    assert.strictEqual(resumeCommandFor(recipe.resume, id), `copilot --resume ${id}`);
    assert.match(s.sent, /^`copilot --resume <first session id>`/);
    assert.match(s.screen, /❯ Say hello/, 'the history of the first session is shown');
    assert.match(step('prompt after resume').screen, /Reply after the resume\./);
    const records = fs
      .readFileSync(EVENTS, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    assert.strictEqual(records[0].data.sessionId, id);
    const prompts = records.filter((r) => r.type === 'user.message').map((r) => r.data.content);
    assert.deepStrictEqual(prompts.slice(0, 1), ['Say hello']);
    assert.ok(prompts.includes('After resume'), JSON.stringify(prompts));
    assert.ok(records.some((r) => r.type === 'session.resume'));
  });

  it('fresh: the recipe starts the CLI, which answered a new prompt', () => {
    assert.strictEqual(recipe.fresh, 'copilot');
    assert.match(step('fresh').sent, /^`copilot`/);
    assert.match(step('fresh').screen, /Reply in a fresh session\./);
  });

  it('end keys: two Ctrl+C end it when idle, a request running takes a third', () => {
    assert.deepStrictEqual(copilotCliPlugin.endKeys, ['ctrl-c', 'ctrl-c', 'ctrl-c']);
    assert.match(step('end when idle').sent, /Ctrl\+C, 300 ms, Ctrl\+C: exited/);
    assert.match(step('end while working, two keys').sent, /still running$/);
    assert.match(step('end while working, two keys').screen, /ctrl\+c again to exit/);
    assert.match(step('end while working, third key').sent, /exited$/);
  });

  it('recoveries are offered for Copilot CLI sessions, never for Copilot Chat', () => {
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'copilot-cli'), ['compact', 'restart', 'acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'copilot'), ['acknowledge', 'snooze']);
    assert.strictEqual(recogniseAgentCommand('copilot --resume 10775869-929b-493e-afd5-821ae797e1d6')?.agent, 'copilot-cli');
    assert.strictEqual(agentOfChannel('GitHub Copilot Chat'), 'copilot');
    assert.deepStrictEqual(copilotChatPlugin.programs, []);
  });

  it("the TUI's event log: Ctrl+C is an interrupted turn and /compact a compaction; the session ends waiting, not stuck", async () => {
    const lines = fs.readFileSync(EVENTS, 'utf8').trim().split('\n');
    const abort = parseCopilotLine(
      lines.find((l) => l.startsWith('{"type":"abort"'))!,
      { file: 'events.jsonl', offset: 0 },
      'x',
    );
    assert.ok(abort.ok);
    assert.match(abort.ok ? abort.events[0].text : '', /^\[Request interrupted\] Aborted \(user_initiated\)$/);
    const compacted = parseCopilotLine(
      lines.find((l) => l.includes('"session.compaction_complete"'))!,
      { file: 'events.jsonl', offset: 0 },
      'x',
    );
    assert.ok(compacted.ok && compacted.events[0].compaction === true);

    const id = String((JSON.parse(lines[0]) as { data: { sessionId: string } }).data.sessionId);
    const last = Math.max(...lines.map((l) => Date.parse((JSON.parse(l) as { timestamp: string }).timestamp)));
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const r = await new Tailer(nodeFileAccess, engine).read(EVENTS, copilotFormat, id, false);
    assert.strictEqual(r.skipped, 0);
    clock.advance(30 * 60_000);
    assert.deepStrictEqual(engine.evaluate(), []);
    const s = engine.session(id)!;
    assert.strictEqual(s.activity.state, 'waiting');
    assert.deepStrictEqual(s.findings, []);
  });
});
