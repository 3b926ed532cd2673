/**
 * Gemini CLI sessions from kind and discovery to the engine: real headless and interactive (TUI) session files
 * (./geminiFixtures.ts) tailed into an engine, with the findings each fault gives.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { geminiFormat } from '../../../../../src/core/agents/gemini/session';
import { discoverGeminiSessions, geminiKind, sessionIdFromHead } from '../../../../../src/core/agents/gemini/kind';
import { kindForFile, transcriptKind } from '../../../../../src/core/ingest/kinds';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { newEngine } from '../../../helpers';
import { FIXTURES, parseFixture, records, kinds, ofKind, expectedUsage } from './geminiFixtures';

describe('Gemini CLI sessions: kind, discovery, and the whole path into the engine', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-gemini-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Lays out fixtures as the CLI does: <root>/<project>/chats/session-<time>-<short id>.jsonl. */
  function install(root: string, name: string, project = 'demo-app'): string {
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
    const id = sessionIdFromHead(text) ?? 'x';
    const chats = path.join(root, project, 'chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, `session-2026-11-23T16-55-${id.slice(0, 8)}.jsonl`);
    fs.writeFileSync(file, text);
    return file;
  }

  it('is registered, finds its default root from GEMINI_CLI_HOME or the home folder, and claims its files', () => {
    assert.strictEqual(transcriptKind('gemini'), geminiKind);
    const ctx = (env: Record<string, string>) => ({ env, home: '/home/dev', workspaceFolders: [], join: (...p: string[]) => p.join('/') });
    assert.deepStrictEqual(geminiKind.defaultRoots(ctx({})), ['/home/dev/.gemini/tmp']);
    assert.deepStrictEqual(geminiKind.defaultRoots(ctx({ GEMINI_CLI_HOME: '/srv/g' })), ['/srv/g/.gemini/tmp']);
    const head = fs.readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8').split('\n')[0];
    assert.strictEqual(kindForFile('/x/.gemini/tmp/demo-app/chats/session-2026-11-23T16-55-3292c119.jsonl', '')?.id, 'gemini');
    assert.strictEqual(kindForFile('/elsewhere/copy.jsonl', head)?.id, 'gemini');
    const claudeHead = fs.readFileSync(path.resolve(FIXTURES, '../claude/happy.jsonl'), 'utf8').split('\n')[0];
    assert.notStrictEqual(kindForFile('/elsewhere/c.jsonl', claudeHead)?.id, 'gemini');
    assert.strictEqual(geminiKind.sniff(claudeHead), false);
  });

  it('discovers main and subagent session files, with the full session id from the first line, skipping old files', async () => {
    const root = path.join(dir, '.gemini', 'tmp');
    const happy = install(root, 'happy');
    const loop = install(root, 'tool_loop', 'other-project');
    const sub = path.join(root, 'demo-app', 'chats', 'parent-id-1', 'agent-7.jsonl');
    fs.mkdirSync(path.dirname(sub), { recursive: true });
    fs.writeFileSync(sub, '{"sessionId":"agent-7","projectHash":"x","kind":"subagent"}\n');
    fs.writeFileSync(path.join(root, 'demo-app', 'chats', 'notes.txt'), 'not a session');
    fs.writeFileSync(path.join(root, 'demo-app', '.project_root'), '/home/dev/projects/demo-app');
    const old = install(root, 'happy', 'old-project');
    const past = new Date(Date.UTC(2020, 0, 1));
    fs.utimesSync(old, past, past);
    const found = await discoverGeminiSessions(nodeFileAccess, [root, path.join(dir, 'missing')], Date.UTC(2021, 0, 1));
    const byPath = new Map(found.map((f) => [f.path, f.sessionIdFromName]));
    assert.strictEqual(found.length, 3);
    assert.strictEqual(byPath.get(happy), records('happy.jsonl')[0].sessionId);
    assert.strictEqual(byPath.get(loop), records('tool_loop.jsonl')[0].sessionId);
    assert.strictEqual(byPath.get(sub), 'parent-id-1');
    assert.ok(!byPath.has(old));
  });

  it('tool_loop through the tailer into the engine: a repeated tool call finding on the Gemini session', async () => {
    const { engine } = await newEngine();
    const file = install(path.join(dir, '.gemini', 'tmp'), 'tool_loop');
    const [found] = await geminiKind.discover(nodeFileAccess, [path.join(dir, '.gemini', 'tmp')], 0);
    assert.strictEqual(geminiKind.reader, 'lines');
    assert.strictEqual(geminiKind.format, geminiFormat);
    const r = await new Tailer(nodeFileAccess, engine).read(file, geminiFormat, found.sessionIdFromName, true);
    assert.strictEqual(r.skipped, 0);
    const id = records('tool_loop.jsonl')[0].sessionId as string;
    const s = engine.session(id);
    assert.ok(s, 'session known by its full id');
    assert.strictEqual(s.agent, 'gemini');
    assert.strictEqual(s.cwd, '/home/dev/projects/demo-app');
    assert.strictEqual(s.model, 'gemini-2.5-pro');
    const loop = s.findings.find((f) => f.type === 'repeated_tool_call');
    assert.ok(loop, JSON.stringify(s.findings.map((f) => f.type)));
    assert.deepStrictEqual(
      s.findings.map((f) => f.type),
      ['repeated_tool_call'],
    );
  });

  it('happy and tool_use through the tailer: no findings, usage counted once, read in pieces as the CLI appends', async () => {
    const { engine } = await newEngine();
    const root = path.join(dir, '.gemini', 'tmp');
    const tailer = new Tailer(nodeFileAccess, engine);
    const happy = install(root, 'happy');
    await tailer.read(happy, geminiFormat, 'x', false);
    // tool_use, appended line by line: the repeated messages give nothing twice across reads.
    const full = fs.readFileSync(path.join(FIXTURES, 'tool_use.jsonl'), 'utf8');
    const file = install(root, 'tool_use', 'p2');
    fs.writeFileSync(file, '');
    const id = sessionIdFromHead(full) as string;
    for (const line of full.split('\n').filter((l) => l)) {
      fs.appendFileSync(file, line + '\n');
      await tailer.read(file, geminiFormat, id, true);
    }
    for (const [name, sid] of [
      ['happy', records('happy.jsonl')[0].sessionId as string],
      ['tool_use', id],
    ]) {
      const s = engine.session(sid);
      assert.ok(s, name);
      assert.deepStrictEqual(s.findings, [], name);
      const exp = expectedUsage(`${name}.jsonl`);
      assert.strictEqual(s.tokens.input, exp.input, name);
      assert.strictEqual(s.tokens.output, exp.output, name);
      assert.strictEqual(s.tokens.cacheRead, exp.cacheRead, name);
      // gemini-2.5-pro list prices (USD per million tokens): input 1.25, output 10, cached input 0.125.
      const usd = (exp.input * 1.25 + exp.output * 10 + exp.cacheRead * 0.125) / 1_000_000;
      assert.ok(usd > 0 && Math.abs(s.costUsd - usd) < 1e-9, `${name}: cost ${s.costUsd} vs ${usd}`);
    }
  });

  it('garbage.jsonl through the tailer: the bad lines are counted in the session health', async () => {
    const { engine } = await newEngine();
    const file = path.join(dir, 'session-garbage.jsonl');
    fs.copyFileSync(path.join(FIXTURES, 'garbage.jsonl'), file);
    const r = await new Tailer(nodeFileAccess, engine).read(file, geminiFormat, 'g', true);
    // 9 bad complete lines; the 10th, the half-written last line, waits for its newline.
    assert.strictEqual(r.skipped, 9);
    const sid = sessionIdFromHead(fs.readFileSync(file, 'utf8')) as string;
    assert.strictEqual(engine.session(sid)?.skippedLines, 9);
  });
});

describe('Gemini CLI interactive TUI sessions (real files, gemini -i in a pseudo-terminal) into the engine', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-gemini-i-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Tails one fixture (laid out as the CLI does) into a fresh engine; returns the session and the parsed events. */
  async function ingest(name: string) {
    const { engine } = await newEngine();
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
    const id = sessionIdFromHead(text) as string;
    const chats = path.join(dir, '.gemini', 'tmp', 'demo-app', 'chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, `session-2026-11-23T17-10-${id.slice(0, 8)}.jsonl`);
    fs.writeFileSync(file, text);
    const r = await new Tailer(nodeFileAccess, engine).read(file, geminiFormat, id, true);
    assert.strictEqual(r.skipped, 0);
    const s = engine.session(id);
    assert.ok(s, `session ${id}`);
    return { s, events: parseFixture(`${name}.jsonl`).events };
  }

  const types = (s: { findings: Array<{ type: string }> }) => s.findings.map((f) => f.type).sort();

  it('happy and rate_limit_then_ok: the answer, no finding (retries the CLI got past are not saved)', async () => {
    for (const name of ['interactive_happy', 'interactive_rate_limit_then_ok']) {
      const { s, events } = await ingest(name);
      assert.deepStrictEqual(kinds(events), { user: 1, assistant: 1 }, name);
      assert.deepStrictEqual(types(s), [], name);
    }
  });

  it('auth_401: the saved "[API Error: {...code 401...}]" is an authentication finding', async () => {
    const { s, events } = await ingest('interactive_auth_401');
    const errors = ofKind(events, 'error');
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0].httpStatus, 401);
    assert.match(errors[0].text, /UNAUTHENTICATED/);
    assert.deepStrictEqual(types(s), ['auth']);
    assert.ok(
      ofKind(events, 'system').some((e) => /This request failed/.test(e.text)),
      'the info line after it is metadata',
    );
  });

  it('context_too_long: "The input token count (...) exceeds the maximum" is a context window finding', async () => {
    const { s, events } = await ingest('interactive_context_too_long');
    assert.strictEqual(ofKind(events, 'error')[0].httpStatus, 400);
    assert.deepStrictEqual(types(s), ['token_limit']);
  });

  it('dropped_connection: "fetch failed sending request" is a network finding', async () => {
    const { s, events } = await ingest('interactive_dropped_connection');
    assert.strictEqual(ofKind(events, 'error').length, 1);
    assert.strictEqual(ofKind(events, 'error')[0].httpStatus, undefined);
    assert.deepStrictEqual(types(s), ['network']);
  });

  it('api_key_invalid: the error is saved with its status 400 and the API_KEY_INVALID reason, and gives a finding', async () => {
    const { s, events } = await ingest('interactive_api_key_invalid');
    const e = ofKind(events, 'error')[0];
    assert.strictEqual(e.httpStatus, 400);
    assert.match(e.text, /API key not valid.*API_KEY_INVALID/);
    // a 400 that says the key is not valid is an authentication failure (test/fixtures/gemini/DETECTOR-GAPS.md)
    assert.deepStrictEqual(types(s), ['auth']);
  });

  it('malformed_stream: the cut stream is saved as an error event', async () => {
    const { events } = await ingest('interactive_malformed_stream');
    const e = ofKind(events, 'error');
    assert.strictEqual(e.length, 1);
    assert.match(e[0].text, /Unterminated string in JSON/);
    assert.strictEqual(e[0].isError, true);
  });

  it('tool_loop: a repeated tool call finding, and the TUI notice that it halted the loop', async () => {
    const { s, events } = await ingest('interactive_tool_loop');
    assert.deepStrictEqual(types(s), ['repeated_tool_call']);
    assert.ok(ofKind(events, 'system').some((e) => /potential loop was detected/i.test(e.text)));
  });

  it('429, 500 and 503 forever, a daily quota, and a hang: the TUI keeps retrying (or asks in a dialog) and saves nothing until Escape ("Request cancelled.")', async () => {
    const names = ['interactive_rate_limit_forever', 'interactive_server_500', 'interactive_overloaded_503', 'interactive_hang'];
    for (const name of [...names, 'interactive_quota']) {
      const { s, events } = await ingest(name);
      assert.deepStrictEqual(kinds(events), { user: 1, system: 1 }, name);
      assert.strictEqual(ofKind(events, 'system')[0].text, '[Request interrupted] Request cancelled.', name);
      assert.deepStrictEqual(types(s), [], name);
    }
  });
});
