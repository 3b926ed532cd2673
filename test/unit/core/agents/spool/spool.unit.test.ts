import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkIngestArgs, parseSpoolLine, spoolFormat, spoolKind } from '../../../../../src/core/agents/spool/spool';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { newEngine, REPO_ROOT } from '../../../helpers';

const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'spool', 'claude-code-hooks.jsonl');
const origin = { file: '/spool/x.jsonl', offset: 0 };

describe('spool (hook payloads and plain records)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-spool-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns real Claude Code 2.1.330 hook payloads into events: Stop waits, PreCompact compacts, StopFailure is the 429', async () => {
    const { engine } = await newEngine({ activeWindowMs: 100 * 365 * 86_400_000 });
    const payloads = fs
      .readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { session_id: string; hook_event_name: string; ts: number });
    const file = path.join(dir, 'claude-code.jsonl');
    fs.copyFileSync(fixture, file);
    const r = await new Tailer(nodeFileAccess, engine).read(file, spoolFormat, 'spool-claude-code', false);
    assert.strictEqual(r.skipped, 0);

    const remembered = payloads.find((p) => p.hook_event_name === 'PreCompact')!.session_id;
    const limited = payloads.find((p) => p.hook_event_name === 'StopFailure')!.session_id;
    const a = engine.session(remembered)!;
    assert.strictEqual(a.agent, 'claude-code');
    assert.strictEqual(a.cwd, '/home/dev/projects/demo-app');
    assert.deepStrictEqual(a.findings, []);
    assert.strictEqual(
      a.lastActivity,
      Math.max(...payloads.filter((p) => p.session_id === remembered).map((p) => p.ts)),
      "dated by the snippet's ts",
    );

    const b = engine.session(limited)!;
    assert.strictEqual(b.findings.length, 1);
    assert.strictEqual(b.findings[0].type, 'rate_limit');
    assert.match(b.findings[0].lastText, /StopFailure \(rate_limit\): API Error: Request rejected \(429\)/);

    const events = fs
      .readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .flatMap(
        (l) =>
          (parseSpoolLine(l, origin) as { events: { kind: string; waitingForUser?: boolean; compaction?: boolean; text: string }[] })
            .events,
      );
    assert.deepStrictEqual(
      events.map((e) => [e.kind, !!e.waitingForUser, !!e.compaction]),
      payloads.map((p) =>
        p.hook_event_name === 'Stop'
          ? ['system', true, false]
          : p.hook_event_name === 'PreCompact'
            ? ['system', false, true]
            : p.hook_event_name === 'StopFailure'
              ? ['error', false, false]
              : ['system', false, false],
      ),
    );
  });

  it('marks a permission or idle Notification as waiting for the user', () => {
    const r = parseSpoolLine(
      JSON.stringify({
        session_id: 's1',
        transcript_path: '/t.jsonl',
        cwd: '/w',
        hook_event_name: 'Notification',
        message: 'Claude needs your permission to use Bash',
        notification_type: 'permission_prompt',
      }),
      origin,
    );
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.events.map((e) => [e.kind, e.waitingForUser, e.text]),
      [['system', true, 'Notification: Claude needs your permission to use Bash']],
    );
    assert.strictEqual(r.events[0].timestamp, 0, 'no ts: dated when read');
  });

  it('takes plain { sessionId, text, budgetUsed, agent } records like the ingestEvent API, redacting secrets', async () => {
    const { engine } = await newEngine({ budgetCapUsd: 1 });
    const file = path.join(dir, 'tools.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({
          sessionId: 'run-7',
          agent: 'codex',
          text: 'stream error: 401 Unauthorized: invalid api key sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
        JSON.stringify({ sessionId: 'run-7', text: 'spent', budgetUsed: 1.5 }),
        'not json',
        JSON.stringify({ hook_event_name: 'Stop' }),
        JSON.stringify({ sessionId: 'run-7' }),
        '',
      ].join('\n'),
    );
    const r = await new Tailer(nodeFileAccess, engine).read(file, spoolFormat, 'spool-tools', false);
    assert.strictEqual(r.skipped, 3);
    const s = engine.session('run-7')!;
    assert.strictEqual(s.agent, 'codex');
    assert.deepStrictEqual(s.findings.map((f) => f.type).sort(), ['auth', 'budget_exceeded']);
    assert.ok(!JSON.stringify(s).includes('AAAAAAAAAAAAAAAA'), 'the key is redacted');
    assert.strictEqual(engine.session('spool-tools')!.skippedLines, 3, "bad lines are counted on the spool file's own row");
  });

  it('finds *.jsonl files in the spool folder only', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{}\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x\n');
    fs.mkdirSync(path.join(dir, 'sub.jsonl'));
    const found = await spoolKind.discover(nodeFileAccess, [dir, path.join(dir, 'missing')], 0);
    assert.deepStrictEqual(
      found.map((f) => [path.basename(f.path), f.sessionIdFromName]),
      [['a.jsonl', 'spool-a']],
    );
  });

  it('checks the arguments of the ingestEvent API and command', () => {
    assert.deepStrictEqual(checkIngestArgs(' run-1 ', 'API Error: 429', 0.5), {
      sessionId: 'run-1',
      text: 'API Error: 429',
      budgetUsed: 0.5,
    });
    assert.deepStrictEqual(checkIngestArgs('run-1', 'x', undefined), { sessionId: 'run-1', text: 'x', budgetUsed: undefined });
    assert.throws(() => checkIngestArgs('', 'x', undefined), /session id/);
    assert.throws(() => checkIngestArgs('a'.repeat(201), 'x', undefined), /session id/);
    assert.throws(() => checkIngestArgs('s', '  ', undefined), /text/);
    assert.throws(() => checkIngestArgs('s', 'x', -1), /budgetUsed/);
    assert.throws(() => checkIngestArgs('s', 'x', Number.NaN), /budgetUsed/);
  });
});
