import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { aiderSessionId, aiderSessionStart, createAiderFormat } from '../../../../../src/core/agents/aider/chatHistory';
import { aiderKind, discoverAiderHistories } from '../../../../../src/core/agents/aider/kind';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { liveFormat } from '../../../../../src/core/ingest/untimed';
import { FakeClock, newEngine, REPO_ROOT } from '../../../helpers';

const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'aider');

describe('Aider chat history', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-aider-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Copies a fixture into a fresh workspace folder as its `.aider.chat.history.md`. */
  const workspaceWith = (fixture: string): string => {
    const file = path.join(dir, '.aider.chat.history.md');
    fs.copyFileSync(path.join(fixtures, fixture), file);
    return file;
  };

  it('splits a file into one session per "chat started" header, dated by the header (zen-mcp-server, Aider 0.86.1)', async () => {
    const { engine } = await newEngine({ activeWindowMs: 10 * 365 * 86_400_000 });
    const file = workspaceWith('sessions_interrupted.aider.chat.history.md');
    const r = await new Tailer(nodeFileAccess, engine).read(file, aiderKind.format as never, 'aider-fallback', false);
    assert.strictEqual(r.skipped, 0);
    const ids = engine
      .snapshot()
      .map((s) => s.id)
      .sort();
    assert.deepStrictEqual(
      ids,
      [
        aiderSessionId(file, ['2025', '10', '20', '21', '49', '17']),
        aiderSessionId(file, ['2025', '10', '20', '21', '49', '22']),
        aiderSessionId(file, ['2025', '10', '22', '09', '29', '12']),
      ].sort(),
    );
    const second = engine.session(aiderSessionId(file, ['2025', '10', '20', '21', '49', '22']))!;
    assert.strictEqual(second.agent, 'aider');
    assert.strictEqual(second.cwd, dir);
    assert.strictEqual(second.messageCount, 1, 'the one typed command (/add **)');
    assert.strictEqual(second.lastActivity, new Date(2025, 9, 20, 21, 49, 22).getTime());
    // The pypi warning mentions SSL errors but is Aider's update check, not a failure of the session.
    for (const s of engine.snapshot()) {
      assert.deepStrictEqual(s.findings, [], s.id);
    }
  });

  it('reports litellm.RateLimitError once per retry (not three times) and escalates when it repeats (Anthropic body)', async () => {
    const { engine } = await newEngine();
    const file = workspaceWith('rate_limit_anthropic.aider.chat.history.md');
    const fallback = 'aider-fallback';
    await new Tailer(nodeFileAccess, engine).read(file, aiderKind.format as never, fallback, false);
    const s = engine.session(fallback)!;
    assert.strictEqual(s.findings.length, 1);
    const f = s.findings[0];
    assert.strictEqual(f.type, 'rate_limit');
    assert.strictEqual(f.count, 3, 'three RateLimitError lines; the "API provider" and "Retrying" lines are the same failure');
    assert.strictEqual(f.severity, 'MEDIUM', 'LOW, escalated one level by 3 in the window');
    assert.strictEqual(s.messageCount, 1);
    assert.ok(Math.abs(s.costUsd - 0.09) < 1e-9, `cost from the Tokens line: ${s.costUsd}`);
    assert.strictEqual(s.tokens.input, 29000);
    assert.strictEqual(s.tokens.output, 265);
  });

  it('reads the OpenAI variant (trailing double spaces) the same way', async () => {
    const { engine } = await newEngine();
    const file = workspaceWith('rate_limit_openai.aider.chat.history.md');
    await new Tailer(nodeFileAccess, engine).read(file, aiderKind.format as never, 'fb', false);
    const f = engine.session('fb')!.findings[0];
    assert.deepStrictEqual([f.type, f.count], ['rate_limit', 3]);
    assert.match(f.lastText, /Tokens per minute limit exceeded/);
  });

  it('keeps fenced code in a reply out of the user and Aider lines, and counts consecutive #### lines as one prompt', () => {
    const format = createAiderFormat();
    const origin = (offset: number) => ({ file: '/w/.aider.chat.history.md', offset });
    const lines = [
      '# aider chat started at 2026-01-02 03:04:05',
      '#### fix the bug',
      '#### in main.py',
      'Here is the fix:',
      '```',
      '> litellm.RateLimitError: quoted in code',
      '#### not a prompt',
      '```',
      '> Applied edit to main.py',
      '> litellm.AuthenticationError: AnthropicException - invalid x-api-key',
    ];
    let sessionId = 'fb';
    const events = lines.flatMap((l, i) => {
      const r = format.parseLine(l, origin(i === 0 ? 0 : i * 100), sessionId);
      assert.ok(r.ok);
      sessionId = r.info.sessionId ?? sessionId;
      return r.events;
    });
    assert.deepStrictEqual(
      events.map((e) => e.kind),
      ['system', 'user', 'assistant', 'error'],
    );
    assert.strictEqual(events[3].httpStatus, 401);
    assert.strictEqual(events[1].timestamp, new Date(2026, 0, 2, 3, 4, 5).getTime());
    assert.strictEqual(aiderSessionStart(sessionId), new Date(2026, 0, 2, 3, 4, 5).getTime());
  });

  it('stamps live lines with the time they are read (its lines carry no time), catch-up lines with the session start', async () => {
    const clock = new FakeClock();
    const { engine } = await newEngine({}, clock);
    const file = path.join(dir, '.aider.chat.history.md');
    fs.writeFileSync(file, '\n# aider chat started at 2025-10-20 21:49:22\n\n#### hello\n');
    const tailer = new Tailer(nodeFileAccess, engine);
    await tailer.read(file, aiderKind.format as never, 'fb', false);
    const id = aiderSessionId(file, ['2025', '10', '20', '21', '49', '22']);
    assert.strictEqual(engine.session(id)!.lastActivity, new Date(2025, 9, 20, 21, 49, 22).getTime());
    fs.appendFileSync(file, '> litellm.RateLimitError: rate limited\n');
    await tailer.read(file, liveFormat(aiderKind.format as never), 'fb', true);
    assert.strictEqual(engine.session(id)!.lastActivity, clock.now());
  });

  it('is found in the workspace folders, recognised by name and by its first line', async () => {
    const file = workspaceWith('sessions_interrupted.aider.chat.history.md');
    const found = await discoverAiderHistories(nodeFileAccess, [dir, path.join(dir, 'missing')], 0);
    assert.deepStrictEqual(
      found.map((f) => f.path),
      [file],
    );
    assert.deepStrictEqual(aiderKind.defaultRoots({ env: {}, home: '/h', workspaceFolders: ['/w1', '/w2'], join: path.join }), [
      '/w1',
      '/w2',
    ]);
    assert.strictEqual(kindForFile(file, '')?.id, 'aider');
    assert.strictEqual(kindForFile('/tmp/history.md', '\n# aider chat started at 2025-10-20 21:49:22\n')?.id, 'aider');
  });
});
