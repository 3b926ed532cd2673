import * as assert from 'assert';
import { createCodexFormat } from '../../../../src/core/agents/codex/kind';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { collectGauges, GaugeInput } from '../../../../src/core/metrics/collect';
import type { MetricSample } from '../../../../src/core/metrics/counters';
import { METRICS } from '../../../../src/core/metrics/catalog';
import * as fs from 'fs';
import * as path from 'path';
import { CodexParseState, parseCodexLine } from '../../../../src/core/agents/codex/rollout';
import { LimitGauge, latestGauges } from '../../../../src/core/limits/gauge';
import { REPO_ROOT } from '../../helpers';
import { engineOf } from './fleetEngine';

/** The rate-limit gauges of the real Codex 0.169.0 rollout test/fixtures/codex/rate_limits.jsonl, in file order. */
function codexGauges(): LimitGauge[] {
  const file = path.join(REPO_ROOT, 'test', 'fixtures', 'codex', 'rate_limits.jsonl');
  const state = new CodexParseState();
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"rate_limits"'))
    .flatMap((l) => {
      const r = parseCodexLine(l, { file, offset: 0 }, 'rollout', state);
      return r.ok && r.info.rateLimits ? r.info.rateLimits.gauges : [];
    });
}

const AUTH = 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5';

function find(samples: MetricSample[], name: string, labels: Record<string, string> = {}): MetricSample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function value(samples: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return find(samples, name, labels).reduce((a, s) => a + s.value, 0);
}

async function fleet() {
  const { engine, clock } = await engineOf([
    { dir: 'claude', file: 'auth_401.jsonl', format: claudeFormat },
    { dir: 'claude', file: 'happy.jsonl', format: claudeFormat },
    { dir: 'claude', file: 'tool_loop.jsonl', format: claudeFormat },
    { dir: 'codex', file: 'tool_loop.jsonl', format: createCodexFormat() },
  ]);
  const sessions = engine.snapshot();
  const input: GaugeInput = {
    nowMs: clock.now(),
    sessions,
    liveIds: new Set(sessions.map((s) => s.id)),
    limit: 5,
    sessionLabelCap: 50,
    lastIngestMs: clock.now(),
    version: '0.2.0',
  };
  return { engine, sessions, input };
}

describe('core/metrics/collect', () => {
  it('counts sessions by agent and health and open findings by agent, type and severity, as the engine reports them', async () => {
    const { sessions, input } = await fleet();
    const samples = collectGauges(input);
    assert.strictEqual(sessions.length, 4);
    assert.strictEqual(value(samples, 'session_doctor_sessions'), 4);
    assert.strictEqual(value(samples, 'session_doctor_sessions', { agent: 'claude-code' }), 3);
    assert.strictEqual(value(samples, 'session_doctor_sessions', { agent: 'codex' }), 1);
    assert.strictEqual(value(samples, 'session_doctor_sessions', { agent: 'claude-code', health: 'critical' }), 1);
    assert.strictEqual(value(samples, 'session_doctor_open_findings', { agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }), 1);
    assert.ok(value(samples, 'session_doctor_open_findings', { agent: 'codex', type: 'repeated_tool_call' }) >= 1);
    // Every open finding of every session, and nothing else.
    const open = sessions.flatMap((s) => s.findings.filter((f) => f.status === 'open'));
    assert.strictEqual(value(samples, 'session_doctor_open_findings'), open.length);
    assert.strictEqual(value(samples, 'session_doctor_live_sessions'), 4);
    assert.strictEqual(value(samples, 'session_doctor_concurrency_limit'), 5);
    assert.strictEqual(value(samples, 'session_doctor_concurrency_used_ratio'), 0.8);
    assert.strictEqual(value(samples, 'session_doctor_transcript_files'), 4);
    assert.deepStrictEqual(find(samples, 'session_doctor_build_info')[0].labels, { version: '0.2.0' });
  });

  it('gives each live session its own series (findings, activity, context window, cost), and none to sessions that are not live', async () => {
    const { sessions, input } = await fleet();
    const auth = sessions.find((s) => s.id === AUTH)!;
    const samples = collectGauges({ ...input, liveIds: new Set([AUTH]) });
    assert.strictEqual(value(samples, 'session_doctor_live_sessions'), 1);
    assert.strictEqual(
      value(samples, 'session_doctor_session_open_findings', { session: AUTH, agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }),
      1,
    );
    const activity = find(samples, 'session_doctor_session_activity');
    assert.deepStrictEqual(
      activity.map((s) => s.labels),
      [{ session: AUTH, agent: 'claude-code', state: auth.activity.state }],
    );
    assert.strictEqual(activity[0].value, (input.nowMs - auth.activity.sinceMs) / 1000);
    assert.strictEqual(value(samples, 'session_doctor_session_cost_usd', { session: AUTH }), auth.costUsd);
    if (auth.context) {
      assert.strictEqual(value(samples, 'session_doctor_session_context_window_ratio', { session: AUTH }), auth.context.percent / 100);
    }
    const sessionLabels = new Set(samples.filter((s) => s.labels.session !== undefined).map((s) => s.labels.session));
    assert.deepStrictEqual([...sessionLabels], [AUTH]);
  });

  it('caps the labelled sessions: the worst first, the rest counted as dropped', async () => {
    const { input } = await fleet();
    const samples = collectGauges({ ...input, sessionLabelCap: 1 });
    const labelled = new Set(samples.filter((s) => s.labels.session !== undefined).map((s) => s.labels.session));
    assert.deepStrictEqual([...labelled], [AUTH], 'the session with the CRITICAL finding keeps its series');
    assert.strictEqual(value(samples, 'session_doctor_session_labels_dropped'), 3);
    assert.strictEqual(value(samples, 'session_doctor_live_sessions'), 4, 'dropped sessions still count');
  });

  it('forecasts the limit in seconds from now, and omits the forecast without a prediction', async () => {
    const { input } = await fleet();
    assert.strictEqual(find(collectGauges(input), 'session_doctor_concurrency_limit_forecast_seconds').length, 0);
    const withForecast = collectGauges({ ...input, limitHitAtMs: input.nowMs + 90_000 });
    assert.strictEqual(value(withForecast, 'session_doctor_concurrency_limit_forecast_seconds'), 90);
  });

  it('exposes each plan-limit window of a real Codex rollout: used ratio, reset time; the pace forecast only before the reset', async () => {
    const { input } = await fleet();
    const gauges = codexGauges();
    assert.ok(gauges.length >= 4, `gauges ${gauges.length}`);
    const at = Math.max(...gauges.map((g) => g.observedAt)) + 60_000;
    const latest = latestGauges(gauges, at);
    const primary = latest.find((g) => g.window === 'primary')!;
    const secondary = latest.find((g) => g.window === 'secondary')!;
    const samples = collectGauges({
      ...input,
      nowMs: at,
      limits: [
        { gauge: primary, forecast: { hitsAt: at + 600_000, beforeReset: true, resetsAt: primary.resetsAt } },
        { gauge: secondary, forecast: { hitsAt: at + 9e9, beforeReset: false, resetsAt: secondary.resetsAt } },
      ],
    });
    const labels = { agent: 'codex', account: primary.account, window: 'primary' };
    assert.strictEqual(value(samples, 'session_doctor_limit_used_ratio', labels), 0.5);
    assert.strictEqual(value(samples, 'session_doctor_limit_used_ratio', { ...labels, window: 'secondary' }), 0.12);
    assert.strictEqual(value(samples, 'session_doctor_limit_reset_timestamp_seconds', labels), 1796064205);
    assert.strictEqual(value(samples, 'session_doctor_limit_reset_timestamp_seconds', { ...labels, window: 'secondary' }), 1796399005);
    assert.deepStrictEqual(
      find(samples, 'session_doctor_limit_forecast_seconds').map((s) => [s.labels.window, s.value]),
      [['primary', 600]],
    );
    // Without readings, no limit series at all.
    assert.strictEqual(find(collectGauges(input), 'session_doctor_limit_used_ratio').length, 0);
  });

  it('caps the plan-limit windows at 20, the fullest first, and hashes an account id that is not a plain id', async () => {
    const { input } = await fleet();
    const limits = Array.from({ length: 25 }, (_, i) => ({
      gauge: {
        agent: 'codex' as const,
        account: i === 24 ? 'codex:/home/dev secret' : `codex:m${i}`,
        window: 'primary',
        usedPercent: 4 * i,
      },
    }));
    const ratios = find(collectGauges({ ...input, limits }), 'session_doctor_limit_used_ratio');
    assert.strictEqual(ratios.length, 20);
    assert.strictEqual(Math.min(...ratios.map((s) => s.value)), 0.2);
    assert.match(ratios[0].labels.account, /^h-[0-9a-f]{8}$/);
    assert.strictEqual(ratios[0].value, 0.96);
    assert.strictEqual(find(collectGauges({ ...input, limits }), 'session_doctor_limit_reset_timestamp_seconds').length, 0);
  });

  it('emits only catalogued families with exactly their label names', async () => {
    const { input: base } = await fleet();
    const input = { ...base, limits: latestGauges(codexGauges(), base.nowMs).map((gauge) => ({ gauge })) };
    assert.ok(input.limits.length > 0);
    for (const s of collectGauges(input)) {
      const spec = METRICS.find((m) => m.name === s.name);
      assert.ok(spec, s.name);
      assert.deepStrictEqual(Object.keys(s.labels).sort(), [...spec.labels].sort(), s.name);
      assert.ok(Number.isFinite(s.value), `${s.name} ${s.value}`);
    }
  });
});
