import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentEvent, EventKind, hashToolInput } from '../../../../../src/core/model/event';
import {
  GeminiSessionParser,
  geminiFormat,
  geminiUsage,
  MAX_IDS_PER_FILE,
  workspaceFromContext,
} from '../../../../../src/core/agents/gemini/session';
import { discoverGeminiSessions, geminiKind, sessionIdFromHead } from '../../../../../src/core/agents/gemini/kind';
import { kindForFile, transcriptKind } from '../../../../../src/core/ingest/kinds';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { newEngine, REPO_ROOT } from '../../../helpers';

// Tests compile to out/test/unit/*.js; fixtures stay in the source tree.
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/gemini');
/** Where the CLI wrote the fixtures (PROVENANCE.md): a main session file, so events are not sidechain. */
const FILE = '/home/dev/.gemini/tmp/demo-app/chats/session-2026-11-23T16-55-abcdef12.jsonl';

interface Parsed {
  events: AgentEvent[];
  failed: Array<{ line: string; error: string }>;
  sessionId?: string;
  cwd?: string;
  titles: string[];
}

/** Parses a fixture line by line with a fresh parser, as the tailer does (the session id found is passed on). */
function parseFixture(name: string, parser = new GeminiSessionParser(), file = FILE): Parsed {
  const raw = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const out: Parsed = { events: [], failed: [], titles: [] };
  let offset = 0;
  let sessionId = 'fallback';
  for (const line of raw.split('\n')) {
    const r = parser.parseLine(line, { file, offset }, sessionId);
    if (r.ok) {
      out.events.push(...r.events);
      if (r.info.sessionId) {
        sessionId = out.sessionId = r.info.sessionId;
      }
      out.cwd ??= r.info.cwd;
      if (r.info.title) {
        out.titles.push(r.info.title);
      }
    } else if (line.trim()) {
      out.failed.push({ line, error: r.error });
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  }
  return out;
}

/** The raw records of a fixture (every line parses as JSON in the real files). */
function records(name: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function kinds(events: AgentEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    out[e.kind] = (out[e.kind] ?? 0) + 1;
  }
  return out;
}

const ofKind = (events: AgentEvent[], k: EventKind) => events.filter((e) => e.kind === k);

/** Independent of the parser: the last `tokens` of each gemini message id, mapped as documented, summed. */
function expectedUsage(name: string): { input: number; output: number; cacheRead: number } {
  const last = new Map<string, Record<string, number>>();
  for (const r of records(name)) {
    if (r.type === 'gemini' && typeof r.id === 'string' && r.tokens) {
      last.set(r.id, r.tokens as Record<string, number>);
    }
  }
  const s = { input: 0, output: 0, cacheRead: 0 };
  for (const t of last.values()) {
    s.input += t.input - t.cached;
    s.output += t.output + t.thoughts;
    s.cacheRead += t.cached;
  }
  return s;
}

function usageOf(events: AgentEvent[]): { input: number; output: number; cacheRead: number } {
  const s = { input: 0, output: 0, cacheRead: 0 };
  for (const e of events) {
    if (e.usage) {
      s.input += e.usage.input;
      s.output += e.usage.output;
      s.cacheRead += e.usage.cacheRead;
    }
  }
  return s;
}

/** Distinct tool call ids in the file's gemini messages. */
function toolCallIds(name: string): string[] {
  const ids = new Set<string>();
  for (const r of records(name)) {
    for (const c of (r.toolCalls as Array<{ id: string }> | undefined) ?? []) {
      ids.add(c.id);
    }
  }
  return [...ids];
}

const REAL = [
  'happy',
  'tool_use',
  'tool_loop',
  'rate_limit_then_ok',
  'rate_limit_forever',
  'quota',
  'auth_401',
  'auth_403',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'hang',
  'dropped_connection',
  'malformed_stream',
];
const INTERACTIVE = [
  'happy',
  'tool_loop',
  'rate_limit_then_ok',
  'rate_limit_forever',
  'quota',
  'auth_401',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'dropped_connection',
  'malformed_stream',
  'hang',
  'hang_killed',
  'quota_stop',
].map((n) => `interactive_${n}`);
const FAILED_TURNS = [
  'rate_limit_forever',
  'quota',
  'auth_401',
  'auth_403',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'dropped_connection',
  'malformed_stream',
];

describe('Gemini CLI session parser (real files from @google/gemini-cli 0.61.0)', () => {
  for (const name of [...REAL, ...INTERACTIVE]) {
    it(`${name}.jsonl: every line parses, the session id is the metadata's, events carry it`, () => {
      const p = parseFixture(`${name}.jsonl`);
      assert.deepStrictEqual(p.failed, []);
      const meta = records(`${name}.jsonl`)[0];
      assert.strictEqual(p.sessionId, meta.sessionId);
      assert.match(p.sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.strictEqual(p.cwd, '/home/dev/projects/demo-app', 'cwd from the <session_context> setup message');
      assert.ok(p.events.length > 0);
      for (const e of p.events) {
        assert.strictEqual(e.sessionId, meta.sessionId);
        assert.strictEqual(e.agent, 'gemini');
        assert.ok(e.timestamp > Date.UTC(2026, 0, 1), `timestamp of ${e.kind}`);
        assert.ok(!e.sidechain);
      }
      // The user's prompt, once, although the history is restated in `$set.messages` after the turn.
      const users = ofKind(p.events, 'user');
      assert.strictEqual(users.length, 1);
      const prompt = records(`${name}.jsonl`).find((r) => r.type === 'user') as { content: Array<{ text: string }> };
      assert.strictEqual(users[0].text, prompt.content[0].text);
    });
  }

  it('happy: one prompt, one answer with the model and the usage of its tokens', () => {
    const p = parseFixture('happy.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1, assistant: 1 });
    const a = ofKind(p.events, 'assistant')[0];
    assert.strictEqual(a.text, 'Hello! The project looks fine. Nothing else to do.');
    assert.strictEqual(a.model, 'gemini-2.5-pro');
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('happy.jsonl'));
    assert.ok(a.usage && a.usage.input > 0 && a.usage.cacheRead > 0 && a.usage.output > 0);
  });

  it('tool_use: each tool call once (though its message is written twice), results with errors flagged, secrets redacted', () => {
    const p = parseFixture('tool_use.jsonl');
    const calls = ofKind(p.events, 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => c.toolName),
      ['list_directory', 'run_shell_command', 'read_file'],
    );
    assert.strictEqual(calls.length, toolCallIds('tool_use.jsonl').length);
    assert.strictEqual(calls[2].toolInputHash, hashToolInput({ file_path: 'missing.txt' }));
    const results = ofKind(p.events, 'tool_result');
    assert.deepStrictEqual(
      results.map((r) => [r.toolName, !!r.isError]),
      [
        ['list_directory', false],
        ['run_shell_command', false],
        ['read_file', true],
      ],
    );
    assert.match(results[2].text, /File not found/);
    // The raw file holds the fake secrets of .env; no event does.
    const raw = fs.readFileSync(path.join(FIXTURES, 'tool_use.jsonl'), 'utf8');
    assert.match(raw, /AIzaSyFAKE/);
    assert.match(raw, /ghp_FAKE/);
    for (const e of p.events) {
      assert.doesNotMatch(e.text, /AIzaSyFAKE|ghp_FAKE/);
    }
    assert.match(results[1].text, /GEMINI_API_KEY=\[REDACTED\]/);
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('tool_use.jsonl'));
    // Each call comes before its result.
    for (const r of results) {
      const ci = p.events.findIndex((e) => e.kind === 'tool_call' && e.toolName === r.toolName);
      assert.ok(ci < p.events.indexOf(r));
    }
  });

  it('tool_loop: the same call four times with one input hash, and the CLI notice of its own loop detection as system', () => {
    const p = parseFixture('tool_loop.jsonl');
    const calls = ofKind(p.events, 'tool_call');
    assert.strictEqual(calls.length, toolCallIds('tool_loop.jsonl').length);
    assert.ok(calls.length >= 3);
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 1);
    assert.strictEqual(calls[0].toolInputHash, hashToolInput({ dir_path: '.' }));
    assert.ok(ofKind(p.events, 'system').some((e) => /Potential loop detected/.test(e.text)));
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('tool_loop.jsonl'));
  });

  it('rate_limit_then_ok: the answer after the retried 429s is saved; the 429s are not', () => {
    const p = parseFixture('rate_limit_then_ok.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1, assistant: 1 });
    assert.strictEqual(ofKind(p.events, 'assistant')[0].text, 'Done after the rate limit cleared.');
  });

  it('hang: killed while it waited, the prompt is the last thing in the file (hang.unit.test.ts judges it)', () => {
    const p = parseFixture('hang.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1 });
  });

  for (const name of FAILED_TURNS) {
    it(`${name}: the failed turn leaves only the prompt in the file, then takes it out of the history (the error is printed, not saved)`, () => {
      const p = parseFixture(`${name}.jsonl`);
      assert.deepStrictEqual(kinds(p.events), { user: 1, system: 1 });
      assert.match(ofKind(p.events, 'system')[0].text, /^\[Request interrupted\] Gemini CLI took the prompt out of its history/);
    });
  }

  it('garbage.jsonl (hand-made): bad lines fail with a reason, good lines still give events, nothing throws', () => {
    const p = parseFixture('garbage.jsonl');
    const reasons = p.failed.map((f) => f.error);
    // 9 garbage lines, plus the half-written last line.
    assert.strictEqual(p.failed.length, 10, reasons.join('\n'));
    assert.ok(reasons.some((r) => /^invalid JSON/.test(r)));
    assert.ok(reasons.some((r) => /not a JSON object \(array\)/.test(r)));
    assert.ok(reasons.some((r) => /not a JSON object \(null\)/.test(r)));
    assert.ok(reasons.some((r) => /content is neither a string nor a list/.test(r)));
    assert.ok(reasons.some((r) => /not a Gemini CLI session record/.test(r)));
    assert.ok(ofKind(p.events, 'user').length >= 1);
    assert.ok(ofKind(p.events, 'tool_call').length >= 1);
  });

  it('never throws on arbitrary input', () => {
    const parser = new GeminiSessionParser();
    const inputs = [
      '',
      '   ',
      '\uFEFF',
      '{',
      '}',
      'null',
      'true',
      '"x"',
      '[]',
      '{"id":1}',
      '{"id":"a","type":"gemini","toolCalls":[null,1,"x",{"name":5}]}',
      '{"$set":null}',
      '{"$set":{"messages":[null,{"id":3}]}}',
      '{"$rewindTo":"nope"}',
      '\u0000'.repeat(50),
    ];
    for (const s of inputs) {
      const r = parser.parseLine(s, { file: FILE, offset: 0 }, 's');
      assert.ok(typeof r.ok === 'boolean');
    }
    const odd = parser.parseLine(
      '{"id":"a2","type":"gemini","toolCalls":[null,{"name":"x","args":{"b":1,"a":2},"status":"error"}]}',
      { file: FILE, offset: 0 },
      's',
    );
    assert.ok(odd.ok);
    assert.deepStrictEqual(odd.ok && odd.events.map((e) => [e.kind, e.toolName, !!e.isError]), [
      ['tool_call', 'x', false],
      ['tool_result', 'x', true],
    ]);
  });

  it('a message written again adds only what is new: its usage, then its tool call, then the result', () => {
    const parser = new GeminiSessionParser();
    const at = (offset: number) => ({ file: FILE, offset });
    const base = { id: 'm1', timestamp: '2026-11-23T12:00:00.000Z', type: 'gemini', content: 'Looking.', model: 'gemini-2.5-flash' };
    const r1 = parser.parseLine(JSON.stringify(base), at(0), 's');
    const r2 = parser.parseLine(
      JSON.stringify({ ...base, tokens: { input: 100, output: 10, cached: 40, thoughts: 5, tool: 0, total: 115 } }),
      at(1),
      's',
    );
    const call = { id: 'c1', name: 'glob', args: { pattern: '*.ts' }, status: 'executing' };
    const r3 = parser.parseLine(JSON.stringify({ ...base, tokens: {}, toolCalls: [call] }), at(2), 's');
    const r4 = parser.parseLine(
      JSON.stringify({
        ...base,
        toolCalls: [{ ...call, status: 'success', result: [{ functionResponse: { response: { output: 'a.ts' } } }] }],
      }),
      at(3),
      's',
    );
    const r5 = parser.parseLine(JSON.stringify({ ...base, toolCalls: [{ ...call, status: 'success' }] }), at(4), 's');
    const ev = (r: ReturnType<typeof parser.parseLine>) => (r.ok ? r.events.map((e) => e.kind) : ['FAILED']);
    assert.deepStrictEqual([ev(r1), ev(r2), ev(r3), ev(r4), ev(r5)], [['assistant'], ['usage'], ['tool_call'], ['tool_result'], []]);
    assert.deepStrictEqual(r2.ok && r2.events[0].usage, { input: 60, output: 15, cacheRead: 40, cacheCreation: 0 });
    assert.strictEqual(r4.ok && r4.events[0].text, 'a.ts');
    // Another file has its own memory.
    const other = parser.parseLine(JSON.stringify(base), { file: FILE + '2', offset: 0 }, 's');
    assert.deepStrictEqual(ev(other), ['assistant']);
    // A rewind forgets the message: written again after it, it counts again.
    parser.parseLine(JSON.stringify({ $rewindTo: 'm1' }), at(5), 's');
    assert.deepStrictEqual(ev(parser.parseLine(JSON.stringify(base), at(6), 's')), ['assistant']);
  });

  it('keeps a bounded memory per file', () => {
    const parser = new GeminiSessionParser();
    for (let i = 0; i <= MAX_IDS_PER_FILE; i++) {
      parser.parseLine(JSON.stringify({ id: `u${i}`, type: 'user', content: [{ text: `prompt ${i}` }] }), { file: FILE, offset: i }, 's');
    }
    // The oldest id was dropped: written again it counts again; a recent one does not.
    const again = parser.parseLine(
      JSON.stringify({ id: 'u0', type: 'user', content: [{ text: 'prompt 0' }] }),
      { file: FILE, offset: 0 },
      's',
    );
    const recent = parser.parseLine(
      JSON.stringify({ id: `u${MAX_IDS_PER_FILE}`, type: 'user', content: [{ text: 'x' }] }),
      { file: FILE, offset: 0 },
      's',
    );
    assert.strictEqual(again.ok && again.events.length, 1);
    assert.strictEqual(recent.ok && recent.events.length, 0);
  });

  it('a subagent file (chats/<parent>/<id>.jsonl) stays in the parent session, marked sidechain', () => {
    const parser = new GeminiSessionParser();
    const file = '/h/.gemini/tmp/p/chats/0f0e0d0c-parent/sub-1.jsonl';
    const meta = parser.parseLine(
      JSON.stringify({ sessionId: 'sub-1', projectHash: 'x', kind: 'subagent', directories: ['/w'] }),
      { file, offset: 0 },
      'parent',
    );
    assert.ok(meta.ok && meta.info.sessionId === undefined && meta.info.cwd === '/w');
    const r = parser.parseLine(JSON.stringify({ id: 'a', type: 'gemini', content: 'hi' }), { file, offset: 10 }, 'parent');
    assert.ok(r.ok && r.events[0].sidechain === true && r.events[0].sessionId === 'parent');
  });

  it('geminiUsage and workspaceFromContext', () => {
    assert.deepStrictEqual(geminiUsage({ input: 10, output: 2, cached: 4, thoughts: 1 }), {
      input: 6,
      output: 3,
      cacheRead: 4,
      cacheCreation: 0,
    });
    assert.strictEqual(geminiUsage(null), undefined);
    assert.strictEqual(workspaceFromContext('- **Workspace Directories:**\n  - /a/b c\n- **Directory'), '/a/b c');
    assert.strictEqual(workspaceFromContext('nothing'), undefined);
  });
});

describe('Gemini CLI: failures printed on the terminal, through classifyLine', () => {
  /** The CLI's stderr lines of a fixture run that report API errors. */
  function printed(name: string): string[] {
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8');
    const stderr = text.slice(text.indexOf('--- stderr ---'), text.indexOf('--- fake server requests ---'));
    return stderr.split('\n').filter((l) => /^(Attempt \d+ failed|Error when talking to Gemini API|Error resuming session)/.test(l));
  }

  // The lines DETECTOR-GAPS.md listed (auth bodies, quota wording, malformed stream, stale resume) are in detector.unit.test.ts.
  const cases: Array<[string, RegExp, string]> = [
    ['context_too_long', /^Error when talking/, 'token_limit'],
    ['overloaded_503', /^Attempt 1 failed with status 503/, 'overloaded'],
    ['server_500', /^Attempt 1 failed with status 500/, 'server_error'],
    ['dropped_connection', /^Attempt 1 failed\. Retrying/, 'network'],
    ['dropped_connection', /^Error when talking/, 'network'],
  ];
  for (const [name, which, type] of cases) {
    it(`${name}: "${which.source}" -> ${type}`, () => {
      const line = printed(name).find((l) => which.test(l));
      assert.ok(line, `no such line in ${name}.stdout.txt`);
      assert.strictEqual(classifyLine(line)?.type, type);
    });
  }

  it('rate limits: every 429 attempt line is classified as a rate limit (the CLI retries it)', () => {
    for (const name of ['rate_limit_forever', 'rate_limit_then_ok']) {
      const lines = printed(name).filter((l) => /^Attempt/.test(l));
      assert.ok(lines.length >= 2);
      for (const l of lines) {
        assert.strictEqual(classifyLine(l)?.type, 'rate_limit', l);
      }
    }
  });
});

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
