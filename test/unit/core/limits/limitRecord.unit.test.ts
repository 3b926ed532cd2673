import * as assert from 'assert';
import {
  MAX_SAMPLES,
  SAMPLE_EVERY_MS,
  parseLimitRecord,
  recordFileName,
  updateRecord,
  windowSamples,
} from '../../../../src/core/limits/limitRecord';
import { StatusLineSnapshot } from '../../../../src/core/limits/statusLine';

const snap = (used: number, at: number): StatusLineSnapshot => ({
  sessionId: 's1',
  gauges: [
    {
      agent: 'claude-code',
      account: 'claude-code',
      window: 'five_hour',
      usedPercent: used,
      windowMinutes: 300,
      resetsAt: 9e12,
      observedAt: at,
    },
  ],
});

describe('core/limits/limitRecord', () => {
  it('adds a sample when a percentage changes or after the interval, and keeps at most MAX_SAMPLES', () => {
    let rec = updateRecord(undefined, snap(10, 0), 0);
    rec = updateRecord(rec, snap(10, 1000), 1000); // unchanged, too soon
    assert.strictEqual(rec.samples.length, 1);
    rec = updateRecord(rec, snap(11, 2000), 2000);
    rec = updateRecord(rec, snap(11, 2000 + SAMPLE_EVERY_MS), 2000 + SAMPLE_EVERY_MS);
    assert.deepStrictEqual(
      windowSamples(rec, 'five_hour').map((s) => s.usedPercent),
      [10, 11, 11],
    );
    for (let i = 0; i < MAX_SAMPLES + 10; i++) {
      rec = updateRecord(rec, snap(12 + i, 1e6 + i), 1e6 + i);
    }
    assert.strictEqual(rec.samples.length, MAX_SAMPLES);
  });

  it('round-trips through JSON and skips broken files', () => {
    const rec = updateRecord(undefined, snap(10, 5), 5);
    assert.deepStrictEqual(parseLimitRecord(JSON.stringify(rec)), rec);
    assert.strictEqual(parseLimitRecord('{"version":2}'), undefined);
    assert.strictEqual(parseLimitRecord('not json'), undefined);
  });

  it('makes safe file names', () => {
    assert.strictEqual(recordFileName('../a b/c'), '.._a_b_c.json');
  });
});
