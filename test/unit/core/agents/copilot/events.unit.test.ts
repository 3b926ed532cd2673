/**
 * Real GitHub Copilot CLI 1.0.102 event logs (test/fixtures/copilot, PROVENANCE.md) through the whole core path:
 * discovery under the default folder -> tailer -> parser -> detector -> checks -> session health; and bad lines.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copilotFormat, parseCopilotLine } from '../../../../../src/core/agents/copilot/events';
import { copilotCliKind, copilotSessionRoots, sniffCopilot } from '../../../../../src/core/agents/copilot/kind';
import { printedResumeId, recogniseAgentCommand, resumedSessionIdOfLine } from '../../../../../src/core/agents/commandLine';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/copilot');
const REAL = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.events.jsonl'))
  .map((f) => f.slice(0, -'.events.jsonl'.length))
  .sort();
const lines = (name: string) =>
  fs
    .readFileSync(path.join(FIXTURES, `${name}.events.jsonl`), 'utf8')
    .trim()
    .split('\n');
const record = (line: string) => JSON.parse(line) as { type: string; timestamp: string; data: Record<string, unknown> };

/** Open findings of each real fixture after it is read whole (the clock one minute after its last record). */
const EXPECTED: Record<string, string[]> = {
  happy: [],
  rate_limit_then_ok: [],
  // The prompt and nothing after it: the hang watchdog's case (a minute after the last record it is still working).
  hang: [],
  tool_loop: ['repeated_tool_call'],
  rate_limit_forever: ['rate_limit'],
  auth_401: ['auth'],
  server_500: ['server_error'],
  overloaded_503: ['overloaded'],
  dropped_connection: ['network'],
  // "... Last error: Failed to parse chat-completions stream chunk: EOF while parsing a string": a parse failure (the
  // parser's EOF, not a connection's)
  malformed_stream: ['json_parse'],
  // "The provider rejected the prompt as too long, but automatic recovery could not reduce it": the CLI's own message
  context_too_long: ['token_limit'],
  // The interactive TUI (tui_recipes): two requests cancelled with Ctrl+C (`abort`), a `/compact`, a resume; no fault.
  tui_recipes: [],
};

describe('GitHub Copilot CLI event logs (real files)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-copilot-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Lays a fixture out as the CLI does (`~/.copilot/session-state/<id>/events.jsonl`), finds it and tails it into a fresh engine. */
  async function load(name: string) {
    const id = String(record(lines(name)[0]).data.sessionId);
    const home = path.join(dir, name);
    const folder = path.join(home, '.copilot', 'session-state', id);
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, `${name}.events.jsonl`), path.join(folder, 'events.jsonl'));
    const roots = copilotCliKind.defaultRoots({ env: {}, home, workspaceFolders: [], join: (...p: string[]) => path.join(...p) });
    const [found] = await copilotCliKind.discover(nodeFileAccess, roots, 0);
    assert.strictEqual(found.sessionIdFromName, id);
    const last = Math.max(...lines(name).map((l) => Date.parse(record(l).timestamp)));
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const r = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(found.path, copilotFormat, id, false);
    assert.strictEqual(r.skipped, 0, name);
    return { s: engine.session(id)!, engine, id, clock };
  }

  it('every real fixture has its expected findings listed here', () => {
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), REAL);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, async () => {
      const { s } = await load(name);
      const open = s.findings
        .filter((f) => f.status === 'open')
        .map((f) => f.type)
        .sort();
      assert.deepStrictEqual(open, expected, JSON.stringify(s.findings.map((f) => [f.type, f.status, f.lastText])));
      assert.strictEqual(s.agent, 'copilot-cli');
      assert.strictEqual(s.project, 'demo-app');
    });
  }

  it('a hang: stuck once the watchdog threshold passes', async () => {
    const { engine, id, clock } = await load('hang');
    clock.advance(10 * 60_000);
    engine.evaluate();
    assert.deepStrictEqual(
      engine.session(id)!.findings.map((f) => f.type),
      ['session_stuck'],
    );
  });

  it('happy: the prompt, the answer, the tokens of the model call', async () => {
    const { s } = await load('happy');
    const usage = record(lines('happy').find((l) => record(l).type === 'session.usage_record')!).data.usage as Record<string, number>;
    assert.deepStrictEqual(s.tokens, {
      input: usage.inputTokens,
      output: usage.outputTokens,
      cacheRead: usage.cacheReadTokens,
      cacheCreation: usage.cacheWriteTokens,
    });
    assert.strictEqual(s.messageCount, 2);
  });

  it('the default folder honours $COPILOT_HOME; the kind claims its files by path and by content', () => {
    const ctx = (env: Record<string, string>) => ({
      env,
      home: '/home/dev',
      workspaceFolders: [],
      join: (...p: string[]) => path.posix.join(...p),
    });
    assert.deepStrictEqual(copilotSessionRoots(ctx({})), ['/home/dev/.copilot/session-state']);
    assert.deepStrictEqual(copilotSessionRoots(ctx({ COPILOT_HOME: '/srv/cp' })), ['/srv/cp/session-state']);
    const file = '/home/dev/.copilot/session-state/22dfbda2-f146-43ac-a721-2013ecb7948e/events.jsonl';
    assert.strictEqual(kindForFile(file, '')?.id, 'copilot-cli');
    assert.ok(sniffCopilot(lines('happy')[0]));
    assert.strictEqual(kindForFile('/tmp/x.jsonl', lines('happy')[0])?.id, 'copilot-cli');
    assert.ok(!sniffCopilot('{"type":"session","version":3}'));
  });

  it('in a terminal: `copilot` is the agent, `--resume=<id>` names the session, and so does the resume line it prints on exit', () => {
    assert.strictEqual(recogniseAgentCommand('copilot -p "Say hello" --allow-all-tools')?.agent, 'copilot-cli');
    const id = '2a9a3b00-abed-40e9-a341-67e368757c24';
    assert.strictEqual(resumedSessionIdOfLine(`copilot --resume=${id}`), id);
    assert.strictEqual(resumedSessionIdOfLine(`copilot --resume ${id}`), id);
    const printed = fs
      .readFileSync(path.join(FIXTURES, 'happy.stdout.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Resume'))!;
    assert.strictEqual(printedResumeId(printed), String(record(lines('happy')[0]).data.sessionId));
  });

  it('bad lines: a clear reason, never a throw; blank lines and records without events give none', () => {
    const origin = { file: 'events.jsonl', offset: 0 };
    for (const bad of [
      '{"type":"session.start","data":{"sessionId":"x"',
      'not json',
      '42',
      '{"type":"hello","data":{}}',
      '{"type":"user.message"}',
    ]) {
      const r = parseCopilotLine(bad, origin, 'fb');
      assert.strictEqual(r.ok, false, bad);
    }
    assert.deepStrictEqual(parseCopilotLine('', origin, 'fb'), { ok: true, events: [], info: {} });
    const r = parseCopilotLine('{"type":"assistant.turn_end","data":{"turnId":"0"},"timestamp":"2026-11-30T18:53:25.792Z"}', origin, 'fb');
    assert.deepStrictEqual(r, { ok: true, events: [], info: {} });
  });
});
