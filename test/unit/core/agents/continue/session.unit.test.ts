/**
 * Continue's session parser (src/core/agents/continue/session.ts) on the files the real Continue CLI 1.5.47 wrote
 * (test/fixtures/continue, PROVENANCE.md), then through the engine; and what the runs that left no file printed, read
 * by the detector as the extension's terminal source reads a terminal line.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { continueUsage, parseContinueSession } from '../../../../../src/core/agents/continue/session';
import type { AgentEvent } from '../../../../../src/core/model/event';
import { REPO_ROOT, newEngine } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/continue');
/** Every headless scenario run (`<name>.stdout.txt`; the TUI captures `tui_*` are tested in tui.unit.test.ts). */
const RUNS = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.stdout.txt') && !f.startsWith('tui_'))
  .map((f) => f.slice(0, -'.stdout.txt'.length))
  .sort();
/** The scenarios whose run left a session file (`<name>.json`). */
const WITH_FILE = RUNS.filter((n) => fs.existsSync(path.join(FIXTURES, `${n}.json`)));

function parse(name: string) {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
  const r = parseContinueSession(text, `/home/dev/.continue/sessions/${name}.json`, 'fallback');
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}
const kinds = (events: readonly AgentEvent[]) => events.map((e) => e.kind);

/** The open findings of a fixture read into a fresh engine. */
async function findings(name: string): Promise<string[]> {
  const { engine } = await newEngine();
  const r = parse(name);
  engine.updateSession(r.sessionId, { agent: 'continue', ...r.info });
  engine.ingest(r.events, { live: false });
  return engine
    .session(r.sessionId)!
    .findings.filter((f) => f.status === 'open')
    .map((f) => f.type);
}

/** The stderr of a run (`--- stderr ---` section of its stdout file). */
function stderrOf(name: string): string {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8');
  return /--- stderr ---\n([\s\S]*?)--- fake server requests ---/.exec(text)![1].trim();
}

describe('Continue sessions: the parser on real files', () => {
  it('the runs that answered left a session file; the ones that failed left none (headless cn writes at the end of a turn)', () => {
    assert.deepStrictEqual(WITH_FILE, ['happy', 'happy_global_dir', 'rate_limit_then_ok', 'tool_loop', 'tool_use']);
    for (const n of RUNS.filter((x) => !WITH_FILE.includes(x))) {
      assert.match(fs.readFileSync(path.join(FIXTURES, `${n}.stdout.txt`), 'utf8'), /# session file: \(none\)/, n);
    }
  });

  for (const name of WITH_FILE) {
    it(`${name}: one session, its id and folder, the prompt first, an answer last`, () => {
      const r = parse(name);
      const id = (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { sessionId: string }).sessionId;
      assert.strictEqual(r.sessionId, id);
      assert.strictEqual(r.info.cwd, '/home/dev/projects/demo-app');
      assert.strictEqual(r.info.title, undefined, 'the CLI\'s "Untitled Session" is no title');
      assert.strictEqual(r.events[0].kind, 'user');
      assert.strictEqual(r.events[r.events.length - 1].kind, 'assistant');
      assert.ok(r.events.every((e) => e.agent === 'continue' && e.sessionId === id && e.timestamp === 0));
    });
  }

  it('happy: the prompt, then the answer with its tokens and model', () => {
    const r = parse('happy');
    assert.deepStrictEqual(kinds(r.events), ['user', 'assistant']);
    assert.strictEqual(r.events[1].model, 'gpt-5');
    assert.ok(r.events[1].usage!.input > 0 && r.events[1].usage!.output > 0, JSON.stringify(r.events[1].usage));
  });

  it('tool_use: each tool call with its result, the failed read an error result; secrets of the tool output redacted', () => {
    const r = parse('tool_use');
    assert.deepStrictEqual(kinds(r.events), [
      'user',
      ...Array.from({ length: 3 }, () => ['usage', 'tool_call', 'tool_result']).flat(),
      'assistant',
    ]);
    const results = r.events.filter((e) => e.kind === 'tool_result');
    assert.deepStrictEqual(
      results.map((e) => !!e.isError),
      [false, true, false],
    );
    assert.deepStrictEqual(
      r.events.filter((e) => e.kind === 'tool_call').map((e) => e.toolName),
      ['Bash', 'Read', 'Bash'],
    );
    const text = JSON.stringify(r.events);
    assert.ok(!text.includes('sk-FAKEfixtureKEY'), 'OpenAI key redacted');
    assert.ok(!text.includes('ghp_FAKEfixture'), 'GitHub token redacted');
  });

  it('tool_loop: twelve identical Bash calls, one input hash', () => {
    const calls = parse('tool_loop').events.filter((e) => e.kind === 'tool_call');
    assert.strictEqual(calls.length, 12);
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 1);
  });

  it('usage: cached tokens out of the input, cost_cents as USD, nothing counted is no usage', () => {
    assert.deepStrictEqual(
      continueUsage({ prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 40 }, cost_cents: 2 }),
      {
        usage: { input: 60, output: 7, cacheRead: 40, cacheCreation: 0 },
        cost: 0.02,
      },
    );
    assert.strictEqual(continueUsage({ prompt_tokens: 0, completion_tokens: 0 }), undefined);
    assert.strictEqual(continueUsage('x'), undefined);
  });

  it('bad input: not JSON, no history, and odd history items give a clear error or are skipped, never a throw', () => {
    assert.match((parseContinueSession('{"sessionId": "a", "hist', 'f', 'x') as { error: string }).error, /not JSON/);
    assert.match((parseContinueSession('{"sessionId": "a"}', 'f', 'x') as { error: string }).error, /no history/);
    const r = parseContinueSession(
      JSON.stringify({ history: [1, null, { message: 'x' }, { message: { role: 'user', content: [{ type: 'text', text: 'hi' }] } }] }),
      'f',
      'from-name',
    );
    assert.ok(r.ok);
    assert.strictEqual(r.sessionId, 'from-name');
    assert.deepStrictEqual(kinds(r.events), ['user']);
  });
});

describe('Continue sessions in the engine, and the output of the runs that left no file', () => {
  it('clean runs give no finding; the 429s the CLI got past give none either (it recorded none)', async () => {
    for (const name of ['happy', 'happy_global_dir', 'tool_use', 'rate_limit_then_ok']) {
      assert.deepStrictEqual(await findings(name), [], name);
    }
  });

  it('tool_loop: a repeated tool call (HIGH, break the loop)', async () => {
    assert.deepStrictEqual(await findings('tool_loop'), ['repeated_tool_call']);
  });

  it('what a failed run printed is named by the detector as the fault served (the terminal source reads the same line)', async () => {
    const { engine } = await newEngine();
    const printed: Record<string, string> = { auth_401: 'auth', context_too_long: 'token_limit', malformed_stream: 'json_parse' };
    for (const [name, type] of Object.entries(printed)) {
      const line = stderrOf(name);
      assert.ok(line, `${name} printed its error`);
      assert.strictEqual(engine.classifyLine(line)?.type, type, `${name}: ${line}`);
    }
  });
});
