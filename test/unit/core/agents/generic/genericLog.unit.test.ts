import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createGenericLogFormat,
  findByGlob,
  genericLogKind,
  parseGenericLogSpecs,
  parseLogTime,
} from '../../../../../src/core/agents/generic/genericLog';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine, REPO_ROOT } from '../../../helpers';

const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'generic');
const home = (p: string) => p.replace(/^~(?=\/|$)/, '/home/dev');

describe('generic line logs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-generic-')).replace(/\\/g, '/');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks the setting at load: bad globs, agents and RE2 patterns get a clear problem, good entries are kept', () => {
    const { specs, problems } = parseGenericLogSpecs(
      [
        { glob: '~/.hermes/logs/*.log', sessionPattern: '^\\w+ \\[([\\w-]+)\\]' },
        { glob: 'logs/*.log' },
        { glob: '/var/log/a.log', sessionPattern: '(a' },
        { glob: '/var/log/b.log', timestampPattern: '\\d+' },
        { glob: '/var/log/c.log', agent: 'hermes' },
        { glob: '/var/log/d.log', sessionPattern: '(?P<x>a)(b)\\1' },
        'x',
      ],
      home,
    );
    assert.deepStrictEqual(
      specs.map((s) => [s.glob, s.agent]),
      [['/home/dev/.hermes/logs/*.log', 'generic']],
    );
    assert.strictEqual(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /\[1\]\.glob: "logs\/\*\.log" is not an absolute path/);
    assert.match(problems[1], /\[2\]\.sessionPattern: .*missing closing \)/);
    assert.match(problems[2], /\[3\]\.timestampPattern: .* has no capture group/);
    assert.match(problems[3], /\[4\]\.agent: unknown agent "hermes"/);
    assert.match(problems[4], /\[5\]\.sessionPattern: /, 'RE2 has no back-references');
    assert.match(problems[5], /\[6\]: expected an object/);
    assert.deepStrictEqual(parseGenericLogSpecs({}, home).problems.length, 1);
    assert.deepStrictEqual(parseGenericLogSpecs(undefined, home), { specs: [], problems: [] });
  });

  it('reads the Hermes-style agent.log of the seed: the session from the brackets, continuation lines with their line, 1027 found', async () => {
    const { engine } = await newEngine();
    const file = `${dir}/agent.log`;
    fs.copyFileSync(path.join(fixtures, 'hermes_agent.log'), file);
    const { specs } = parseGenericLogSpecs([{ glob: `${dir}/*.log`, sessionPattern: '^\\w+ \\[([\\w-]+)\\]' }], home);
    const kind = genericLogKind(specs);
    const found = await kind.discover(nodeFileAccess, [], 0);
    assert.deepStrictEqual(
      found.map((f) => [f.path, f.sessionIdFromName]),
      [[file, 'log-agent.log']],
    );
    assert.strictEqual(kind.reader, 'lines');
    const r = await new Tailer(nodeFileAccess, engine).read(
      file,
      kind.reader === 'lines' ? kind.format : (undefined as never),
      found[0].sessionIdFromName,
      false,
    );
    assert.strictEqual(r.skipped, 0);

    const bracketed = engine.session('session_id')!;
    // 1027 and the SSL record layer failure ("error_type=ReadError summary=[SSL] record layer failure")
    assert.deepStrictEqual(bracketed.findings.map((f) => f.type).sort(), ['content_filter', 'network']);
    assert.match(
      bracketed.findings[0].lastText,
      /summary=HTTP 200: output new_sensitive \(1027\)/,
      'the indented line belongs to the [session_id] line above it',
    );
    const unbracketed = engine.session('log-agent.log')!;
    assert.deepStrictEqual(unbracketed.findings.map((f) => f.type).sort(), ['content_filter', 'network']);
    assert.match(unbracketed.findings[0].lastText, /'message': 'output new_sensitive \(1027\)'/);
    assert.ok(!engine.session('SSL'), '"[SSL]" later in a line is not a session id (the pattern is anchored)');
  });

  it('dates lines by the default ISO-like prefix or a configured pattern, and leaves untimed lines to the clock', () => {
    assert.strictEqual(parseLogTime('2026-11-23T12:00:00.500Z'), Date.UTC(2026, 10, 23, 12, 0, 0, 500));
    assert.strictEqual(parseLogTime('2026-11-23 12:00:00,123'), new Date(2026, 10, 23, 12, 0, 0, 123).getTime());
    assert.strictEqual(parseLogTime('2026-11-23 12:00:00+0200'), Date.UTC(2026, 10, 23, 10, 0, 0));
    assert.strictEqual(parseLogTime('yesterday'), 0);
    const origin = (offset: number) => ({ file: '/l/gateway.log', offset });
    const dflt = createGenericLogFormat(parseGenericLogSpecs([{ glob: '/l/*.log' }], home).specs[0]);
    const a = dflt.parseLine('2026-11-23 12:00:00,123 INFO gateway: inbound message', origin(0), 'fb');
    assert.ok(a.ok);
    assert.deepStrictEqual([a.events[0].kind, a.events[0].timestamp], ['system', new Date(2026, 10, 23, 12, 0, 0, 123).getTime()]);
    const b = dflt.parseLine('  continued', origin(60), 'fb');
    assert.ok(b.ok);
    assert.strictEqual(b.events[0].timestamp, a.events[0].timestamp, 'a continuation line takes the time of its line');
    const custom = createGenericLogFormat(
      parseGenericLogSpecs([{ glob: '/l/*.log', timestampPattern: 'ts=(\\S+)', sessionPattern: 'sid=(\\w+)' }], home).specs[0],
    );
    const c = custom.parseLine('ERROR sid=abc ts=2026-11-23T12:00:00Z API Error: 429 Too Many Requests', origin(0), 'fb');
    assert.ok(c.ok);
    assert.deepStrictEqual(
      [c.events[0].sessionId, c.events[0].kind, c.events[0].httpStatus, c.events[0].timestamp],
      ['abc', 'error', 429, Date.UTC(2026, 10, 23, 12)],
    );
    const d = custom.parseLine('INFO no time here', origin(200), 'fb');
    assert.ok(d.ok);
    assert.strictEqual(d.events[0].timestamp, 0);
  });

  it('finds files by glob with a bounded walk (** goes deeper, * stays in its folder)', async () => {
    fs.mkdirSync(`${dir}/logs/a/b`, { recursive: true });
    for (const f of ['logs/agent.log', 'logs/a/gateway.log', 'logs/a/b/deep.log', 'logs/a/notes.txt']) {
      fs.writeFileSync(`${dir}/${f}`, 'x\n');
    }
    const names = async (glob: string) => (await findByGlob(nodeFileAccess, glob, 0)).map((f) => f.path.slice(dir.length + 1)).sort();
    assert.deepStrictEqual(await names(`${dir}/logs/*.log`), ['logs/agent.log']);
    assert.deepStrictEqual(await names(`${dir}/logs/**/*.log`), ['logs/a/b/deep.log', 'logs/a/gateway.log', 'logs/agent.log']);
    assert.deepStrictEqual(await names(`${dir}/logs/agent.log`), ['logs/agent.log']);
    assert.deepStrictEqual(await names(`${dir}/missing/*.log`), []);
    assert.deepStrictEqual(await findByGlob(nodeFileAccess, `${dir}/logs/*.log`, Date.now() + 60_000), [], 'old files are skipped');
  });

  it('feeds a live line with its own time into the engine (Python logging prefix)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 12, 5));
    const { engine } = await newEngine({}, clock);
    const file = `${dir}/agent.log`;
    fs.writeFileSync(
      file,
      '2026-11-23 12:00:00,123 WARNING [s-42] agent.conversation_loop: API call failed (attempt 1/3)\n  error_type=APIStatusError provider=minimax-cn summary=HTTP 200: output new_sensitive (1027)\n',
    );
    const { specs } = parseGenericLogSpecs(
      [{ glob: `${dir}/*.log`, agent: 'generic', sessionPattern: '^\\S+ \\S+ \\w+ \\[([\\w-]+)\\]' }],
      home,
    );
    const kind = genericLogKind(specs);
    assert.ok(kind.matchesPath(file));
    assert.ok(!kind.matchesPath(`${dir}/other.txt`));
    await new Tailer(nodeFileAccess, engine).read(file, kind.reader === 'lines' ? kind.format : (undefined as never), 'fb', true);
    const s = engine.session('s-42')!;
    assert.strictEqual(s.findings[0].type, 'content_filter');
    assert.strictEqual(s.lastActivity, new Date(2026, 10, 23, 12, 0, 0, 123).getTime());
  });
});
