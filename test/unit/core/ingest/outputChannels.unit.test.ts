/**
 * Output channels: finding the channel files from our own log folder (the VS Code 1.139 layout, see
 * src/core/ingest/outputChannels.ts), matching channel names, and tailing error lines into the engine. The channel contents
 * are hand-written in the two formats VS Code writes (raw text for plain channels; `<time> [level] message` for log
 * channels), with error texts as the agents' APIs word them.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  agentOfChannel,
  channelErrorText,
  channelMatches,
  channelOfOutputFile,
  discoverChannelFiles,
  extHostLogsFolder,
  outputChannelFormat,
  DEFAULT_CHANNEL_NAMES,
} from '../../../../src/core/ingest/outputChannels';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { newEngine } from '../../helpers';

/** A window's extension-host logs folder as VS Code 1.139 lays it out. */
function makeLogs(): { exthost: string; ownLog: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-output-'));
  const exthost = path.join(root, 'logs', '20261123T170000', 'window1', 'exthost');
  const ownLog = path.join(exthost, 'session-doctor.session-doctor');
  const outA = path.join(exthost, 'output_logging_20261123T170001');
  const outB = path.join(exthost, 'output_logging_20261123T171500');
  for (const d of [
    ownLog,
    outA,
    outB,
    path.join(exthost, 'GitHub.copilot-chat'),
    path.join(exthost, 'saoudrizwan.claude-dev'),
    path.join(exthost, 'vscode.git'),
  ]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.writeFileSync(path.join(exthost, 'exthost.log'), '2026-11-23 17:00:00.000 [info] Extension host started\n');
  fs.writeFileSync(
    path.join(ownLog, 'Session Doctor.log'),
    '2026-11-23 17:00:01.000 [error] API Error: 429 rate_limit_error (our own log)\n',
  );
  fs.writeFileSync(path.join(outA, '1-Git.log'), 'git status\nfatal: not a git repository\n');
  fs.writeFileSync(
    path.join(outA, '2-Roo-Code.log'),
    'Roo-Code extension activated\nAPI Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}\n',
  );
  fs.writeFileSync(path.join(outB, '1-Continue.log'), 'Continue ready\n');
  fs.writeFileSync(
    path.join(exthost, 'GitHub.copilot-chat', 'GitHub Copilot Chat.log'),
    [
      '2026-11-23 17:02:03.456 [info] ccreq:4f1a | success | gpt-5 | 812ms | [panel/editAgent]',
      '2026-11-23 17:02:04.000 [info] The user asked about "rate limit" handling and error 429 in the client',
      '2026-11-23 17:02:05.001 [error] Error: Request Failed: 429 {"error":{"message":"Sorry, you have been rate-limited.","code":"rate_limited"}}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(exthost, 'saoudrizwan.claude-dev', 'Cline.log'),
    '2026-11-23 17:03:00.000 [warning] Retrying after 401: {"type":"authentication_error","message":"invalid x-api-key"}\n',
  );
  fs.writeFileSync(path.join(exthost, 'vscode.git', 'Git.log'), '2026-11-23 17:00:02.000 [error] fatal: not a git repository\n');
  return { exthost, ownLog, root };
}

describe('outputChannels: where the channels are', () => {
  it('the extension host folder is the parent of our logUri (either separator)', () => {
    assert.strictEqual(extHostLogsFolder('/l/window1/exthost/session-doctor.session-doctor'), '/l/window1/exthost');
    assert.strictEqual(extHostLogsFolder('/l/window1/exthost/session-doctor.session-doctor/'), '/l/window1/exthost');
    assert.strictEqual(extHostLogsFolder('C:\\l\\window1\\exthost\\sd.sd'), 'C:\\l\\window1\\exthost');
    assert.throws(() => extHostLogsFolder('nofolder'), /No parent folder/);
  });

  it('reads the channel name from an output_logging file name', () => {
    assert.strictEqual(channelOfOutputFile('3-GitHub Copilot Chat.log'), 'GitHub Copilot Chat');
    assert.strictEqual(channelOfOutputFile('12-Roo-Code.log'), 'Roo-Code');
    assert.strictEqual(channelOfOutputFile('Roo-Code.log'), undefined);
    assert.strictEqual(channelOfOutputFile('3-x.txt'), undefined);
  });

  it('matches names ignoring case and the characters VS Code drops; a trailing * is a prefix', () => {
    assert.ok(channelMatches('GitHub Copilot Chat', ['github copilot chat']));
    assert.ok(channelMatches('Agent Tasks', ['Agent: Tasks']));
    assert.ok(channelMatches('Roo-Code', ['Roo*']));
    assert.ok(!channelMatches('Roo-Code', ['Roo']));
    assert.ok(!channelMatches('Git', ['', '  ', '*']));
    assert.ok(!channelMatches('Session Doctor', DEFAULT_CHANNEL_NAMES));
  });

  it('finds matching plain and log channels of every extension-host start, never our own', async () => {
    const { exthost, ownLog, root } = makeLogs();
    try {
      assert.strictEqual(extHostLogsFolder(ownLog), exthost);
      const found = await discoverChannelFiles(
        nodeFileAccess,
        exthost,
        [...DEFAULT_CHANNEL_NAMES, 'Session Doctor'],
        'session-doctor.session-doctor',
      );
      const rel = found.map((f) => [path.relative(exthost, f.path), f.channel, f.kind, f.extensionId ?? '']);
      assert.deepStrictEqual(rel.sort(), [
        [path.join('GitHub.copilot-chat', 'GitHub Copilot Chat.log'), 'GitHub Copilot Chat', 'log', 'GitHub.copilot-chat'],
        [path.join('output_logging_20261123T170001', '2-Roo-Code.log'), 'Roo-Code', 'output', ''],
        [path.join('output_logging_20261123T171500', '1-Continue.log'), 'Continue', 'output', ''],
        [path.join('saoudrizwan.claude-dev', 'Cline.log'), 'Cline', 'log', 'saoudrizwan.claude-dev'],
      ]);
      assert.deepStrictEqual(await discoverChannelFiles(nodeFileAccess, path.join(root, 'missing'), DEFAULT_CHANNEL_NAMES), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('code-server 4.139.1 layout (exthost<N>), as seen on a running code-server with a probe extension', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-output-cs-'));
    try {
      const exthost = path.join(root, 'logs', '20261123T171739', 'exthost1');
      const ownLog = path.join(exthost, 'probe.output-probe');
      fs.mkdirSync(path.join(exthost, 'output_logging_20261123T171753'), { recursive: true });
      fs.mkdirSync(ownLog, { recursive: true });
      // The bytes the probe's channels produced there: createOutputChannel('Probe: Channel?') and ({ log: true }).
      fs.writeFileSync(
        path.join(exthost, 'output_logging_20261123T171753', '1-Probe Channel.log'),
        'API Error: 429 rate_limit_error from the probe\n',
      );
      fs.writeFileSync(path.join(ownLog, 'Probe Log.log'), '2026-11-23 17:17:55.735 [error] API Error: 401 invalid x-api-key\n');
      assert.strictEqual(extHostLogsFolder(ownLog), exthost);
      const found = await discoverChannelFiles(nodeFileAccess, exthost, ['Probe: Channel?', 'Probe Log']);
      assert.deepStrictEqual(found.map((f) => [f.channel, f.kind]).sort(), [
        ['Probe Channel', 'output'],
        ['Probe Log', 'log'],
      ]);
      assert.deepStrictEqual(await discoverChannelFiles(nodeFileAccess, exthost, ['Probe Log'], 'probe.output-probe'), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('guesses the agent from the channel or its extension', () => {
    assert.strictEqual(agentOfChannel('GitHub Copilot Chat'), 'copilot');
    assert.strictEqual(agentOfChannel('Cline', 'saoudrizwan.claude-dev'), 'cline');
    assert.strictEqual(agentOfChannel('Roo-Code'), 'roo');
    assert.strictEqual(agentOfChannel('Kilo-Code'), 'kilo');
    assert.strictEqual(agentOfChannel('Claude Code'), 'claude-code');
    assert.strictEqual(agentOfChannel('Gemini Code Assist'), 'gemini');
    assert.strictEqual(agentOfChannel('Codex'), 'codex');
    assert.strictEqual(agentOfChannel('Continue'), 'generic');
  });
});

describe('outputChannels: error lines', () => {
  it('log channels: only error and warning lines count, with their time', () => {
    const e = channelErrorText('2026-11-23 17:02:05.001 [error] Error: Request Failed: 429');
    assert.strictEqual(e?.text, 'Error: Request Failed: 429');
    assert.strictEqual(e?.timestampMs, new Date(2026, 10, 23, 17, 2, 5, 1).getTime());
    assert.strictEqual(channelErrorText('2026-11-23 17:02:05.001 [info] API Error: 429 rate_limit_error'), undefined);
    assert.strictEqual(channelErrorText('2026-11-23 17:02:05.001 [debug] 429'), undefined);
  });

  it("plain channels: lines that look like the agent's own errors, or tagged [error]", () => {
    assert.strictEqual(channelErrorText('API Error: 401 invalid x-api-key')?.text, 'API Error: 401 invalid x-api-key');
    assert.strictEqual(channelErrorText('[2026-11-23T17:00:00.000Z] [error] 429 Too Many Requests')?.text, '429 Too Many Requests');
    assert.strictEqual(channelErrorText('Handling the 429 case in the client now'), undefined);
    assert.strictEqual(channelErrorText('[info] rate limit checks passed'), undefined);
  });

  it('the format gives error events for classified error lines only, and never skips a line', () => {
    const format = outputChannelFormat('output:Roo-Code', 'cline');
    const origin = { file: '/x', offset: 0 };
    const ok = format.parseLine('API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}', origin, 'output:Roo-Code');
    assert.ok(
      ok.ok &&
        ok.events.length === 1 &&
        ok.events[0].kind === 'error' &&
        ok.events[0].httpStatus === 429 &&
        ok.events[0].sessionId === 'output:Roo-Code',
    );
    const plain = format.parseLine('Roo-Code extension activated', origin, 'output:Roo-Code');
    assert.ok(plain.ok && plain.events.length === 0);
    const unknownError = format.parseLine('Error: something odd happened', origin, 'output:Roo-Code');
    assert.ok(unknownError.ok && unknownError.events.length === 0);
    const secret = format.parseLine(
      'API Error: 401 invalid x-api-key sk-ant-api03-FAKEfixtureKEYnotREAL0123456789abcdef',
      origin,
      'output:Roo-Code',
    );
    assert.ok(secret.ok && !secret.events[0].text.includes('FAKEfixtureKEY'));
  });

  it("tailed into the engine: one session per channel, findings for the agents' errors only, appended lines read once", async () => {
    const { exthost, root } = makeLogs();
    try {
      const { engine } = await newEngine();
      const tailer = new Tailer(nodeFileAccess, engine);
      const files = await discoverChannelFiles(nodeFileAccess, exthost, DEFAULT_CHANNEL_NAMES, 'session-doctor.session-doctor');
      const readAll = async () => {
        for (const f of files) {
          await tailer.read(
            f.path,
            outputChannelFormat(`output:${f.channel}`, agentOfChannel(f.channel, f.extensionId)),
            `output:${f.channel}`,
            true,
          );
        }
      };
      await readAll();
      const types = (id: string) => engine.session(id)?.findings.map((f) => `${f.type}x${f.count}`) ?? [];
      assert.deepStrictEqual(types('output:GitHub Copilot Chat'), ['rate_limitx1']);
      assert.strictEqual(engine.session('output:GitHub Copilot Chat')?.agent, 'copilot');
      assert.deepStrictEqual(types('output:Roo-Code'), ['rate_limitx1']);
      assert.deepStrictEqual(types('output:Cline'), ['authx1']);
      assert.strictEqual(engine.session('output:Continue'), undefined);
      fs.appendFileSync(files.find((f) => f.channel === 'Roo-Code')!.path, 'API Error: 429 rate_limit_error\nstill working\n');
      await readAll();
      assert.deepStrictEqual(types('output:Roo-Code'), ['rate_limitx2']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
