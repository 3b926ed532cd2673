/**
 * `session-doctor limits` over a machine made of real files: a CODEX_HOME holding the real Codex 0.169.0 rollouts with
 * rate limits (test/fixtures/codex/rate_limits.jsonl, usage_limit.jsonl), a spool with a status-line record, and a store
 * into which `scan` read the usage-limit rollout.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { gaugeRows, machineUsageLimitsSection, readCodexGauges, readLimitRecords, resumeHint } from '../../../src/cli/limits';
import { main } from '../../../src/cli/main';
import { limitsFolder, runStatusLine } from '../../../src/cli/statusline';
import { FakeClock, REPO_ROOT } from '../helpers';

const FIX = path.join(REPO_ROOT, 'test/fixtures/codex');
// Just after the fixtures were written (2026-11-30 15:43 UTC).
const NOW = Date.parse('2026-11-30T15:43:50Z');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('cli/limits', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-limits-'));
    const day = path.join(home, '.codex', 'sessions', '2026', '11', '30');
    fs.mkdirSync(day, { recursive: true });
    fs.copyFileSync(
      path.join(FIX, 'rate_limits.jsonl'),
      path.join(day, 'rollout-2026-11-30T15-43-24-01a22d20-07da-7452-b429-be7ac2be0201.jsonl'),
    );
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('reads the Codex gauges of recent rollouts, the newest reading per window with a forecast from the history', () => {
    const codex = readCodexGauges(path.join(home, '.codex', 'sessions'), 0);
    assert.ok(codex.length >= 4);
    assert.strictEqual(codex[0].sessionId, '01a22d20-07da-7452-b429-be7ac2be0201');
    const rows = gaugeRows([], codex, NOW);
    assert.deepStrictEqual(
      rows.map((r) => [r.gauge.window, r.gauge.usedPercent]),
      [
        ['primary', 50],
        ['secondary', 12],
      ],
    );
    assert.deepStrictEqual(readCodexGauges(path.join(home, 'missing'), 0), []);
  });

  it('prints gauges from the spool and Codex, and when the halted session can resume', async () => {
    const spool = path.join(home, 'spool');
    const payload = { session_id: 'c1', rate_limits: { five_hour: { used_percentage: 63, resets_at: Math.floor(NOW / 1000) + 7200 } } };
    runStatusLine(JSON.stringify(payload), spool, NOW, 'UTC');
    assert.strictEqual(readLimitRecords(limitsFolder(spool)).length, 1);
    fs.writeFileSync(path.join(limitsFolder(spool), 'broken.json'), '{');
    const store = path.join(home, 'store.sqlite');
    const io = (stdout: Capture) => ({
      stdout,
      stderr: new Capture(),
      stdin: Readable.from(['']),
      env: { TZ: 'UTC', CODEX_HOME: path.join(home, '.codex') },
      cwd: home,
      home,
      clock: new FakeClock(NOW),
    });
    assert.strictEqual(await main(['scan', '--store', store, path.join(FIX, 'usage_limit.jsonl')], io(new Capture())), 0);
    const out = new Capture();
    assert.strictEqual(await main(['limits', '--store', store, '--spool', spool], io(out)), 0);
    const lines = out.text.split('\n');
    assert.match(lines[0], /^claude-code +5 h +██████░░░░ 63% +resets 17:43 \(in 2 h 00 min\)$/);
    assert.match(out.text, /^codex +5 h +█████░░░░░ 50% +resets 18:43 /m);
    assert.match(out.text, /^codex +7 d +█░░░░░░░░░ 12% +resets Dec 4 15:43 /m);
    assert.match(out.text, /Halted by a usage limit:\n {2}codex demo-app 01a22d20: can resume at 15:44 \(in 10 s\)\n/);
    // The same gauges and the halted session in the Markdown report.
    const report = new Capture();
    assert.strictEqual(await main(['report', '--all', '--store', store, '--spool', spool], io(report)), 0);
    assert.match(report.text, /^# Session Doctor report/);
    const section = report.text.slice(report.text.indexOf('## Usage limits'));
    assert.match(section, /^## Usage limits\n\n\| Account \| Window \| Used \| Resets \| Pace \|\n/);
    assert.match(section, /^\| claude-code \| 5 h \| 63% \| 17:43 \(in 2 h 00 min\) \| /m);
    assert.match(section, /^\| codex \| 7 d \| 12% \| Dec 4 15:43 /m);
    assert.match(section, /Halted by a usage limit:\n\n- codex demo-app `01a22d20`: can resume at 15:44 \(in 10 s\)\n/);
    const json = new Capture();
    await main(['limits', '--json', '--store', store, '--spool', spool], io(json));
    const parsed = JSON.parse(json.text) as { gauges: unknown[]; halted: { from: string }[] };
    assert.strictEqual(parsed.gauges.length, 3);
    assert.strictEqual(parsed.halted[0].from, 'message');
  });

  it("builds the extension's report section from this machine; an empty spool setting reads no status-line records", () => {
    const spool = path.join(home, 'spool');
    const payload = { session_id: 'c1', rate_limits: { five_hour: { used_percentage: 63, resets_at: Math.floor(NOW / 1000) + 7200 } } };
    runStatusLine(JSON.stringify(payload), spool, NOW, 'UTC');
    const env = { CODEX_HOME: path.join(home, '.codex') };
    const withSpool = machineUsageLimitsSection(env, home, NOW, spool, [], 'UTC');
    assert.match(withSpool, /^\| claude-code \| 5 h \| 63% \| 17:43 /m);
    assert.match(withSpool, /^\| codex \| 5 h \| 50% \| 18:43 /m);
    const spoolOff = machineUsageLimitsSection(env, home, NOW, '', [], 'UTC');
    assert.doesNotMatch(spoolOff, /claude-code/);
    assert.match(spoolOff, /^\| codex \| 7 d \| 12% /m);
    assert.strictEqual(machineUsageLimitsSection({}, path.join(home, 'nobody'), NOW, '', [], 'UTC'), '');
  });

  it('gives watch the resume time of a usage-limit finding, and nothing for other findings', () => {
    const f = { type: 'quota_exhausted' as const, lastText: 'Claude AI usage limit reached|1796054400', lastSeen: NOW };
    assert.deepStrictEqual(resumeHint(f, NOW, 'UTC'), { resetsAt: 1_796_054_400_000, line: '  -> can resume at 16:00 (in 16 min)\n' });
    assert.strictEqual(resumeHint({ ...f, type: 'rate_limit' }, NOW, 'UTC'), undefined);
    assert.strictEqual(resumeHint({ ...f, lastText: 'usage limit reached' }, NOW, 'UTC'), undefined);
  });

  it('watch prints when the session halted by the usage limit can resume (real Codex rollout)', async () => {
    const dir = path.join(home, 'watched');
    fs.mkdirSync(dir);
    fs.copyFileSync(
      path.join(FIX, 'usage_limit.jsonl'),
      path.join(dir, 'rollout-2026-11-30T15-43-30-01a22d20-2068-7fa0-8c64-1520a44d2bef.jsonl'),
    );
    const stdout = new Capture();
    const abort = new AbortController();
    const done = main(['watch', '--poll', '100', '--format', 'codex', dir], {
      stdout,
      stderr: new Capture(),
      stdin: Readable.from(['']),
      env: { TZ: 'UTC' },
      cwd: home,
      home,
      signal: abort.signal,
      clock: new FakeClock(NOW),
    });
    const end = Date.now() + 15_000;
    while (!stdout.text.includes('can resume') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    abort.abort();
    assert.strictEqual(await done, 0);
    assert.match(stdout.text, /quota_exhausted .*\n {2}-> can resume at 15:44 \(in 10 s\)\n/);
  });
});
