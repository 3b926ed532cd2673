import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { EXIT, main } from '../../../src/cli/main';
import { LIMITS_REREAD_MS, limitReadings } from '../../../src/cli/metricsLimits';
import { limitsFolder, runStatusLine } from '../../../src/cli/statusline';
import { FakeClock, REPO_ROOT } from '../helpers';
import { get, parseExposition, samplesOf } from './exposition';

const FIX = path.join(REPO_ROOT, 'test', 'fixtures');
/** 26 s after the last line of the real Codex rollout test/fixtures/codex/rate_limits.jsonl. */
const NOW = Date.parse('2026-11-30T15:43:50Z');
const RESET = Math.floor(NOW / 1000) + 7200;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A machine's home: the real Codex rollout with rate limits, and a spool whose record `session-doctor statusline` wrote. */
function machine(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-metrics-limits-'));
  const day = path.join(home, '.codex', 'sessions', '2026', '11', '30');
  fs.mkdirSync(day, { recursive: true });
  fs.copyFileSync(
    path.join(FIX, 'codex', 'rate_limits.jsonl'),
    path.join(day, 'rollout-2026-11-30T15-43-24-01a22d20-07da-7452-b429-be7ac2be0201.jsonl'),
  );
  const spool = path.join(home, '.session-doctor', 'spool');
  // Three status-line payloads 20 min apart, the five-hour window filling 60 -> 75 -> 90 % (45 points an hour).
  for (const [ago, used] of [
    [40, 60],
    [20, 75],
    [0, 90],
  ]) {
    const payload = { session_id: 'c1', rate_limits: { five_hour: { used_percentage: used, resets_at: RESET } } };
    assert.ok(!runStatusLine(JSON.stringify(payload), spool, NOW - ago * 60_000, 'UTC').error);
  }
  return home;
}

describe('cli/metricsLimits', () => {
  let home: string;
  beforeEach(() => (home = machine()));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('reads the spool and the Codex rollouts once per reread period', () => {
    const read = limitReadings({}, home);
    const first = read(NOW);
    assert.deepStrictEqual(first.map((r) => [r.gauge.account, r.gauge.window, r.gauge.usedPercent]).sort(), [
      ['claude-code', 'five_hour', 90],
      ['codex', 'primary', 50],
      ['codex', 'secondary', 12],
    ]);
    fs.rmSync(limitsFolder(path.join(home, '.session-doctor', 'spool')), { recursive: true });
    assert.strictEqual(read(NOW + LIMITS_REREAD_MS - 1), first, 'served from the cache');
    assert.strictEqual(read(NOW + LIMITS_REREAD_MS).length, 2, 'read again: the spool record is gone');
    assert.deepStrictEqual(limitReadings({ CODEX_HOME: path.join(home, 'none'), SESSION_DOCTOR_SPOOL: home }, home)(NOW), []);
  });

  it('serves the used ratio, reset time and pace forecast of each window in a real scrape of watch --metrics', async () => {
    const watched = path.join(home, 'transcripts');
    fs.mkdirSync(watched);
    fs.copyFileSync(path.join(FIX, 'claude', 'happy.jsonl'), path.join(watched, 'happy.jsonl'));
    const stderr = new Capture();
    const abort = new AbortController();
    const done = main(['watch', '--poll', '50', '--metrics', '0', watched], {
      stdout: new Capture(),
      stderr,
      stdin: Readable.from(['']),
      env: { TZ: 'UTC' },
      cwd: home,
      home,
      tmpdir: home,
      signal: abort.signal,
      clock: new FakeClock(NOW),
    });
    try {
      const end = Date.now() + 20_000;
      while (!/Watching/.test(stderr.text) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const url = /Serving metrics on (\S+)/.exec(stderr.text)?.[1];
      assert.ok(url, stderr.text);
      const s = parseExposition((await get(url)).body);
      const claude = { agent: 'claude-code', account: 'claude-code', window: 'five_hour' };
      const codex = { agent: 'codex', account: 'codex', window: 'primary' };
      assert.deepStrictEqual(
        samplesOf(s, 'session_doctor_limit_used_ratio')
          .map((x) => x.value)
          .sort(),
        [0.12, 0.5, 0.9],
      );
      assert.strictEqual(samplesOf(s, 'session_doctor_limit_used_ratio', claude)[0].value, 0.9);
      assert.strictEqual(samplesOf(s, 'session_doctor_limit_used_ratio', codex)[0].value, 0.5);
      assert.strictEqual(samplesOf(s, 'session_doctor_limit_reset_timestamp_seconds', claude)[0].value, RESET);
      assert.strictEqual(samplesOf(s, 'session_doctor_limit_reset_timestamp_seconds', codex)[0].value, 1796064205);
      // 90 % at 45 points an hour: 100 % in 13 min 20 s, well before the reset in 2 h. Codex's two readings span 26 s: no forecast.
      const forecast = samplesOf(s, 'session_doctor_limit_forecast_seconds');
      assert.deepStrictEqual(
        forecast.map((x) => [x.labels.window, Math.round(x.value)]),
        [['five_hour', 800]],
      );
    } finally {
      abort.abort();
      assert.strictEqual(await done, EXIT.ok);
    }
  });
});
