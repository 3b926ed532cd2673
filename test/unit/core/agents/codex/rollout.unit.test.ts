/**
 * The Codex rollout parser on real rollouts (test/fixtures/codex, written by the real Codex CLI 0.169.0 against our
 * fault-injecting fake OpenAI server; see PROVENANCE.md), line by line, and the Codex transcript kind (paths, sniffing,
 * discovery of `sessions/YYYY/MM/DD/rollout-*.jsonl`).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AgentEvent } from '../../../../../src/core/model/event';
import { hashToolInput } from '../../../../../src/core/model/event';
import { CodexParseState, parseCodexLine } from '../../../../../src/core/agents/codex/rollout';
import { codexKind, codexSessionIdFromName } from '../../../../../src/core/agents/codex/kind';
import { kindForFile, transcriptKind } from '../../../../../src/core/ingest/kinds';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/codex');

interface Parsed {
  events: AgentEvent[];
  bad: string[];
  sessionIds: string[];
  cwds: string[];
  lines: number;
}

/** Parses a fixture line by line as the tailer would (the session id from session_meta carried to later lines). */
function parseFile(name: string): Parsed {
  const file = path.join(FIXTURES, name);
  const state = new CodexParseState();
  let sessionId = 'from-file-name';
  const out: Parsed = { events: [], bad: [], sessionIds: [], cwds: [], lines: 0 };
  let offset = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const start = offset;
    offset += Buffer.byteLength(line) + 1;
    if (!line.trim()) {
      continue;
    }
    out.lines++;
    const r = parseCodexLine(line, { file, offset: start }, sessionId, state);
    if (!r.ok) {
      out.bad.push(r.error);
      continue;
    }
    if (r.info.sessionId) {
      sessionId = r.info.sessionId;
      out.sessionIds.push(r.info.sessionId);
    }
    if (r.info.cwd) {
      out.cwds.push(r.info.cwd);
    }
    out.events.push(...r.events);
  }
  return out;
}

const kinds = (events: AgentEvent[]) => events.map((e) => e.kind);
const errors = (events: AgentEvent[]) => events.filter((e) => e.kind === 'error');
const REAL = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl');

describe('Codex rollout parser (real Codex CLI 0.169.0 rollouts)', () => {
  it('every real rollout parses without a bad line, with its session id from session_meta, cwd and agent codex', () => {
    assert.ok(REAL.length >= 12, `${REAL.length} fixtures`);
    for (const name of REAL) {
      const p = parseFile(name);
      assert.deepStrictEqual(p.bad, [], name);
      assert.strictEqual(p.sessionIds.length, 1, `${name}: one session_meta`);
      const id = p.sessionIds[0];
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, name);
      assert.ok(p.cwds.includes('/home/dev/projects/demo-app'), name);
      assert.ok(p.events.length > 0, name);
      for (const e of p.events) {
        assert.strictEqual(e.agent, 'codex');
        assert.strictEqual(e.sessionId, id, `${name}: every event in the session of session_meta`);
        assert.ok(e.timestamp > Date.UTC(2026, 0, 1), `${name}: timestamp from the line`);
        assert.strictEqual(e.origin?.file, path.join(FIXTURES, name));
      }
      // The prompt typed in `codex exec` is the first user event; the harness's <environment_context> is not one.
      const users = p.events.filter((e) => e.kind === 'user');
      assert.ok(users.length >= 1, name);
      assert.ok(
        users.every((u) => !u.text.includes('<environment_context>')),
        name,
      );
    }
  });

  it('happy path: prompt, assistant reply with the turn model, usage with cached input split out', () => {
    const p = parseFile('happy.jsonl');
    assert.deepStrictEqual(kinds(p.events), ['user', 'assistant', 'usage']);
    assert.strictEqual(p.events[0].text, 'Say hello and tell me if the project looks fine');
    assert.strictEqual(p.events[1].text, 'Hello! The project looks fine. Nothing else to do.');
    assert.strictEqual(p.events[1].model, 'gpt-5-codex');
    const u = p.events[2];
    assert.strictEqual(u.model, 'gpt-5-codex');
    const raw = fs
      .readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"token_count"'))
      .map((l) => JSON.parse(l).payload.info.last_token_usage)
      .filter(Boolean);
    assert.strictEqual(raw.length, 1);
    assert.deepStrictEqual(u.usage, {
      input: raw[0].input_tokens - raw[0].cached_input_tokens,
      cacheRead: raw[0].cached_input_tokens,
      output: raw[0].output_tokens,
      cacheCreation: 0,
    });
    assert.ok(u.usage!.input > 0 && u.usage!.cacheRead > 0);
    assert.match(u.text, /context \d+ of 258400/);
  });

  it('tool use: function calls with names and input hashes, results with their tool, a failed command, secrets redacted', () => {
    const p = parseFile('tool_use.jsonl');
    const calls = p.events.filter((e) => e.kind === 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => c.text),
      ['exec_command: ls', 'exec_command: cat .env', 'exec_command: cat missing.txt'],
    );
    assert.ok(calls.every((c) => c.toolName === 'exec_command'));
    assert.strictEqual(calls[0].toolInputHash, hashToolInput({ cmd: 'ls', yield_time_ms: 1000 }));
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 3);
    const results = p.events.filter((e) => e.kind === 'tool_result');
    assert.strictEqual(results.length, 3);
    assert.ok(
      results.every((r) => r.toolName === 'exec_command'),
      'tool name from the call id',
    );
    assert.deepStrictEqual(
      results.map((r) => !!r.isError),
      [false, false, true],
    );
    assert.match(results[2].text, /No such file or directory/);
    const env = results[1].text;
    assert.match(env, /OPENAI_API_KEY=\[REDACTED\]/);
    assert.ok(!env.includes('sk-proj-FAKE') && !env.includes('ghp_FAKE'), env);
    assert.strictEqual(p.events.filter((e) => e.kind === 'usage').length, 4, 'one usage per model response');
  });

  it('tool loop: six identical calls hash alike', () => {
    const calls = parseFile('tool_loop.jsonl').events.filter((e) => e.kind === 'tool_call');
    assert.strictEqual(calls.length, 6);
    assert.strictEqual(new Set(calls.map((c) => `${c.toolName}/${c.toolInputHash}`)).size, 1);
  });

  it('turn-ending errors: HTTP status from codex_error_info, readable kind appended', () => {
    const one = (name: string): AgentEvent => {
      const e = errors(parseFile(name).events);
      assert.strictEqual(e.length, 1, `${name}: ${JSON.stringify(e)}`);
      assert.ok(e[0].isError);
      return e[0];
    };
    const auth = one('auth_401.jsonl');
    assert.strictEqual(auth.httpStatus, 401);
    assert.match(auth.text, /^unexpected status 401 Unauthorized: Incorrect API key provided/);
    const ctx = one('context_too_long.jsonl');
    assert.strictEqual(ctx.httpStatus, undefined);
    assert.match(ctx.text, /ran out of room in the model's context window.*\[context window exceeded\]$/);
    assert.strictEqual(one('server_500.jsonl').httpStatus, 500);
    assert.match(one('overloaded_503.jsonl').text, /at capacity.*\[Overloaded\]$/);
    assert.match(one('dropped.jsonl').text, /^stream disconnected before completion: Transport error: network error/);
    assert.match(one('malformed.jsonl').text, /stream closed before response\.completed/);
    assert.match(one('stream_idle_timeout.jsonl').text, /idle timeout waiting for SSE/);
  });

  it('429 forever: four failed turns, each a 429 error after a user prompt', () => {
    const p = parseFile('rate_limit_forever.jsonl');
    assert.deepStrictEqual(kinds(p.events), ['user', 'error', 'user', 'error', 'user', 'error', 'user', 'error']);
    assert.ok(errors(p.events).every((e) => e.httpStatus === 429 && /429 Too Many Requests/.test(e.text)));
  });

  it('429 then ok and a hang: no error in the rollout (Codex retries silently; a hung request leaves only the prompt)', () => {
    assert.deepStrictEqual(kinds(parseFile('rate_limit_then_ok.jsonl').events), ['user', 'assistant', 'usage']);
    assert.deepStrictEqual(kinds(parseFile('hang.jsonl').events), ['user']);
    assert.match(fs.readFileSync(path.join(FIXTURES, 'rate_limit_then_ok.stdout.txt'), 'utf8'), /Reconnecting\.\.\. 1\/4/);
  });

  it('automatic compaction: the summary is a system event, compacted marks the compaction, usage counted once per response', () => {
    const p = parseFile('auto_compact.jsonl');
    assert.deepStrictEqual(kinds(p.events), ['user', 'assistant', 'usage', 'system', 'usage', 'system', 'user', 'assistant', 'usage']);
    assert.strictEqual(p.events[3].text, 'Summary: the user asked me to remember the number 42; nothing else happened.');
    assert.strictEqual(p.events[5].compaction, true);
    assert.strictEqual(p.events[7].text, 'The number was 42.');
    // Codex writes token_count five times (twice repeating the totals); the usage events add up to its final total.
    const lines = fs
      .readFileSync(path.join(FIXTURES, 'auto_compact.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"token_count"'));
    assert.strictEqual(lines.length, 5);
    const final = JSON.parse(lines[lines.length - 1]).payload.info.total_token_usage;
    const usages = p.events.filter((e) => e.kind === 'usage').map((e) => e.usage!);
    assert.strictEqual(
      usages.reduce((n, u) => n + u.input + u.cacheRead, 0),
      final.input_tokens,
    );
    assert.strictEqual(
      usages.reduce((n, u) => n + u.cacheRead, 0),
      final.cached_input_tokens,
    );
    assert.strictEqual(
      usages.reduce((n, u) => n + u.output, 0),
      final.output_tokens,
    );
  });

  it('bad lines are rejected with a reason, good lines around them still parse', () => {
    const p = parseFile('garbage.jsonl');
    assert.strictEqual(p.bad.length, 9, p.bad.join('\n'));
    assert.ok(p.bad.some((b) => /invalid JSON/.test(b)));
    assert.ok(p.bad.some((b) => /not a JSON object \(array\)/.test(b)));
    assert.ok(p.bad.some((b) => /no object "payload"/.test(b)));
    assert.deepStrictEqual(kinds(p.events), ['tool_call', 'tool_result']);
    assert.strictEqual(p.sessionIds.length, 1);
  });

  it('never throws on odd input, and other entry shapes Codex writes', () => {
    const o = { file: 'x', offset: 0 };
    for (const line of [
      '',
      '   ',
      '\uFEFF',
      '{"type":1}',
      '{"type":"event_msg","payload":{"type":"token_count","info":{"last_token_usage":"x"}}}',
    ]) {
      const r = parseCodexLine(line, o, 's');
      assert.ok(r.ok || typeof r.error === 'string');
    }
    const ts = '"timestamp":"2026-11-23T12:00:00.000Z"';
    const compacted = parseCodexLine(`{${ts},"type":"compacted","payload":{"message":"summary of the work"}}`, o, 's');
    assert.ok(compacted.ok && compacted.events[0].compaction === true && compacted.events[0].kind === 'system');
    const quota = parseCodexLine(
      `{${ts},"type":"event_msg","payload":{"type":"error","message":"You've hit your usage limit.","codex_error_info":"usage_limit_exceeded"}}`,
      o,
      's',
    );
    assert.ok(quota.ok && quota.events[0].kind === 'error' && /usage limit reached/.test(quota.events[0].text));
    const stream = parseCodexLine(
      `{${ts},"type":"event_msg","payload":{"type":"stream_error","message":"Reconnecting... 2/5","codex_error_info":{"response_stream_disconnected":{"http_status_code":429}}}}`,
      o,
      's',
    );
    assert.ok(stream.ok && stream.events[0].httpStatus === 429 && /^stream error: Reconnecting/.test(stream.events[0].text));
    const legacyShell = parseCodexLine(
      `{${ts},"type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":"{\\"output\\":\\"boom\\",\\"metadata\\":{\\"exit_code\\":2}}"}}`,
      o,
      's',
    );
    assert.ok(legacyShell.ok && legacyShell.events[0].isError === true && legacyShell.events[0].text === 'boom');
  });
});

describe('Codex CLI output (stdout/stderr of the real runs) through the detector alone', () => {
  const stderrLines = (name: string) => {
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    return text.split('\n').filter((l) => /^(?:ERROR|Error|■)/.test(l));
  };

  it('a resume of a session id Codex does not know is a stale session (no rollout is written)', () => {
    const lines = stderrLines('stale_resume.stdout.txt');
    assert.strictEqual(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /no rollout found for thread id [0-9a-f-]{36}/);
    assert.strictEqual(classifyLine(lines[0])?.type, 'stale_session');
    assert.ok(!fs.existsSync(path.join(FIXTURES, 'stale_resume.jsonl')));
  });

  it('the final errors Codex prints classify like the rollout entries', () => {
    const expect: Array<[string, string]> = [
      ['rate_limit_forever.stdout.txt', 'rate_limit'],
      ['auth_401.stdout.txt', 'auth'],
      ['overloaded_503.stdout.txt', 'overloaded'],
      ['context_too_long.stdout.txt', 'token_limit'],
      ['malformed.stdout.txt', 'network'],
      ['dropped.stdout.txt', 'network'],
      ['stream_idle_timeout.stdout.txt', 'timeout'],
    ];
    for (const [name, type] of expect) {
      const last = stderrLines(name)
        .filter((l) => !/Reconnecting/.test(l))
        .pop()!;
      assert.strictEqual(classifyLine(last)?.type, type, `${name}: ${last}`);
    }
  });
});

describe('Codex transcript kind', () => {
  it('is registered, claims rollout paths and sniffs the first line', () => {
    assert.strictEqual(transcriptKind('codex'), codexKind);
    assert.strictEqual(codexKind.reader, 'lines');
    const first = fs.readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8').split('\n')[0];
    assert.strictEqual(kindForFile('/somewhere/else/notes.jsonl', first.slice(0, 4096)), codexKind);
    assert.strictEqual(
      kindForFile('/h/.codex/sessions/2026/11/23/rollout-2026-11-23T16-49-47-01a20950-4d6a-75a2-ac73-a008adc3fb5b.jsonl', ''),
      codexKind,
    );
    assert.strictEqual(codexKind.matchesPath('/h/.claude/projects/p/abc.jsonl'), false);
    assert.strictEqual(codexKind.sniff('{"type":"user","sessionId":"x","message":{}}'), false);
  });

  it('default root: $CODEX_HOME/sessions, else ~/.codex/sessions', () => {
    const ctx = { home: '/home/u', workspaceFolders: [], join: (...p: string[]) => p.join('/') };
    assert.deepStrictEqual(codexKind.defaultRoots({ ...ctx, env: { CODEX_HOME: '/opt/codex' } }), ['/opt/codex/sessions']);
    assert.deepStrictEqual(codexKind.defaultRoots({ ...ctx, env: {} }), ['/home/u/.codex/sessions']);
  });

  it('session id from the rollout file name', () => {
    assert.strictEqual(
      codexSessionIdFromName('rollout-2026-11-23T16-49-47-01a20950-4d6a-75a2-ac73-a008adc3fb5b.jsonl'),
      '01a20950-4d6a-75a2-ac73-a008adc3fb5b',
    );
    assert.strictEqual(codexSessionIdFromName('/a/b/rollout-odd.jsonl'), 'rollout-odd');
  });

  it('discovers YYYY/MM/DD/rollout-*.jsonl under the root, newest first, by mtime, skipping other files', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-codex-'));
    try {
      const put = (rel: string, mtimeMs: number) => {
        const p = path.join(root, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, '{}\n');
        fs.utimesSync(p, mtimeMs / 1000, mtimeMs / 1000);
        return p;
      };
      const t = Date.UTC(2026, 10, 23, 12);
      const a = put('2026/11/22/rollout-2026-11-22T10-00-00-11111111-1111-4111-8111-111111111111.jsonl', t - 3_600_000);
      const b = put('2026/11/23/rollout-2026-11-23T11-00-00-22222222-2222-4222-8222-222222222222.jsonl', t);
      put('2026/10/01/rollout-2026-10-01T10-00-00-33333333-3333-4333-8333-333333333333.jsonl', t - 50 * 86_400_000);
      put('2026/11/23/notes.jsonl', t);
      put('2026/11/23/rollout-x.txt', t);
      put('history.jsonl', t);
      const found = await codexKind.discover(nodeFileAccess, [root, path.join(root, 'missing')], t - 86_400_000);
      assert.deepStrictEqual(
        found.map((f) => [f.path, f.sessionIdFromName]),
        [
          [b, '22222222-2222-4222-8222-222222222222'],
          [a, '11111111-1111-4111-8111-111111111111'],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
