/**
 * Continue CLI's recovery recipe against what its real 1.5.47 TUI did (test/fixtures/continue/tui_recipes.screens.txt:
 * each step's keys and the screen after it, from `node scripts/make-continue-fixtures.mjs tui_recipes`; the first session's
 * file after its compaction and the session `cn --fork` made from it beside it).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { continuePlugin } from '../../../../../src/core/agents/continue/plugin';
import { recogniseAgentCommand } from '../../../../../src/core/agents/commandLine';
import { recoveryActionsFor, resumeCommandFor } from '../../../../../src/core/recovery/recoveryActions';
import { REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/continue');

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

/** A session file's conversation as `role: text` (its `history[].message`). */
function conversation(file: string): string[] {
  const session = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as {
    sessionId: string;
    history: { message: { role: string; content: unknown } }[];
  };
  return session.history.map((h) => `${h.message.role}: ${String(h.message.content)}`);
}

const recipe = continuePlugin.recipe;

describe('Continue CLI recipe, checked against its real TUI', () => {
  it('compact: the recipe types what the TUI compacted with', () => {
    const s = step('compact');
    assert.strictEqual(s.sent, `\`${recipe.compact}\` Enter`);
    assert.match(s.screen, /Chat history compacted successfully\./);
    assert.match(conversation('tui_recipes.json')[0], /^assistant: Summary: /);
  });

  it('clear: the recipe types what cleared the chat; the next prompt went to a new session file', () => {
    const s = step('clear');
    assert.strictEqual(s.sent, `\`${recipe.clear}\` Enter`);
    assert.match(s.screen, /Chat history cleared/);
    const [, now, before] = /session files: (\d+) \(were (\d+)\)/.exec(step('prompt after clear').sent)!;
    assert.ok(Number(now) > Number(before), step('prompt after clear').sent);
  });

  it('interrupt: Escape interrupted the request that hung', () => {
    assert.strictEqual(recipe.interrupt, 'escape');
    assert.strictEqual(step('interrupt with Escape').sent, 'while the request hangs: Escape');
    assert.match(step('interrupt with Escape').screen, /Interrupted by user/);
  });

  it("resume: the recipe renders the command that carried the session's history into a new session", () => {
    const s = step('resume');
    const id = /\(([0-9a-f-]{36})\)$/.exec(s.sent)![1];
    assert.strictEqual(resumeCommandFor(recipe.resume, id), `cn --fork ${id}`);
    assert.match(s.sent, /^`cn --fork <first session id>`/);
    assert.match(s.screen, /● Third question[\s\S]*● Reply after the compaction\./, 'the history of the first session is shown');
    assert.match(step('prompt after resume').sent, /new session files: 1$/);
    const original = conversation('tui_recipes.json');
    const forked = conversation('tui_recipes_fork.json');
    assert.deepStrictEqual(forked.slice(0, original.length), original);
    assert.ok(forked.includes('user: After fork'), JSON.stringify(forked));
    assert.strictEqual(
      (JSON.parse(fs.readFileSync(path.join(FIXTURES, 'tui_recipes.json'), 'utf8')) as { sessionId: string }).sessionId,
      id,
    );
  });

  it('fresh: the recipe starts the CLI, which answered a new prompt', () => {
    assert.strictEqual(recipe.fresh, 'cn');
    assert.match(step('fresh').screen, /Reply in a fresh session\./);
  });

  it('end keys: two Ctrl+C end it, idle and while a request runs', () => {
    assert.deepStrictEqual(continuePlugin.endKeys, ['ctrl-c', 'ctrl-c']);
    assert.match(step('end when idle').sent, /Ctrl\+C, 300 ms, Ctrl\+C: exited$/);
    assert.match(step('end while working').sent, /Ctrl\+C, 300 ms, Ctrl\+C while the request hangs: exited$/);
  });

  it('recoveries are offered for Continue sessions; no usage-limit continue', () => {
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'continue'), ['compact', 'restart', 'acknowledge', 'snooze']);
    assert.strictEqual(recipe.continue, '');
    assert.strictEqual(recogniseAgentCommand('cn --fork dfeeab65-1223-430d-a6b6-c1dad4c6f669')?.agent, 'continue');
  });
});
