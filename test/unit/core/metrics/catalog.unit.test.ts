import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { METRICS, metricSpec, metricsTable } from '../../../../src/core/metrics/catalog';
import { REPO_ROOT } from '../../helpers';

/** The text between the metrics markers of a file, or undefined when it has none. */
function between(rel: string): string | undefined {
  const text = fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
  return /<!-- metrics:start -->\n([\s\S]*?)\n<!-- metrics:end -->/.exec(text)?.[1];
}

describe('core/metrics/catalog', () => {
  it('names every family in Prometheus style: session_doctor_ prefix, snake case, _total only on counters, unique', () => {
    const names = METRICS.map((m) => m.name);
    assert.strictEqual(new Set(names).size, names.length);
    for (const m of METRICS) {
      assert.match(m.name, /^session_doctor_[a-z][a-z0-9_]*[a-z0-9]$/, m.name);
      assert.strictEqual(m.name.endsWith('_total'), m.type === 'counter', `${m.name}: _total exactly on counters`);
      assert.ok(!/_(ms|milliseconds|minutes|percent|tokens_k)$/.test(m.name), `${m.name}: base units (seconds, ratio)`);
      assert.ok(m.help.length > 20, m.name);
      assert.strictEqual(!!m.perSession, m.labels.includes('session'), `${m.name}: session label only on per-session families`);
    }
    assert.throws(() => metricSpec('session_doctor_nope'), /Unknown metric/);
  });

  it('never takes a label that could carry text: no title, prompt, project, path, cwd or model', () => {
    const labels = new Set(METRICS.flatMap((m) => m.labels));
    for (const forbidden of ['title', 'prompt', 'project', 'path', 'file', 'cwd', 'text', 'model', 'error']) {
      assert.ok(!labels.has(forbidden as never), forbidden);
    }
  });

  it('is the metrics table of docs/fleet.md (and of README.md when it has one): node scripts/metrics-table.mjs', () => {
    const table = metricsTable();
    assert.strictEqual(table.split('\n').length, METRICS.length + 2);
    assert.strictEqual(between('docs/fleet.md'), table, 'docs/fleet.md is stale: run node scripts/metrics-table.mjs');
    const readme = between('README.md');
    if (readme !== undefined) {
      assert.strictEqual(readme, table, 'README.md is stale: run node scripts/metrics-table.mjs');
    }
  });
});
