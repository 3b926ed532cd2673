import * as assert from 'assert';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { FleetCounters, MetricSample } from '../../../../src/core/metrics/counters';
import type { AuditEntry } from '../../../../src/core/model/snapshot';
import { engineOf } from './fleetEngine';

const value = (samples: MetricSample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

function audit(id: number, strategy: AuditEntry['strategy'], outcome: AuditEntry['outcome']): AuditEntry {
  return { id, timestamp: id, sessionId: 's', strategy, outcome, actor: 'user', detail: '' };
}

describe('core/metrics/counters', () => {
  it('counts the detections the engine emits, by agent, type and severity', async () => {
    const counters = new FleetCounters();
    const { engine } = await engineOf([]);
    engine.onDidDetect((e) => counters.noteDetection(e.session.agent, e.finding.type, e.finding.severity));
    engine.ingestText('s1', 'API Error: 401 {"type":"error","error":{"type":"authentication_error"}}', { agent: 'claude-code' });
    const samples = counters.samples();
    assert.strictEqual(
      value(samples, 'session_doctor_failures_detected_total', { agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }),
      1,
    );
  });

  it("adds the growth of the sessions' skipped lines, never counting a line twice", async () => {
    const { engine } = await engineOf([{ dir: 'claude', file: 'garbage.jsonl', format: claudeFormat }]);
    const sessions = engine.snapshot();
    const skipped = sessions.reduce((a, s) => a + s.skippedLines, 0);
    assert.ok(skipped > 0, 'the garbage fixture has lines that do not parse');
    const counters = new FleetCounters();
    counters.observeSessions(sessions);
    counters.observeSessions(sessions);
    assert.strictEqual(value(counters.samples(), 'session_doctor_skipped_lines_total', { agent: 'claude-code' }), skipped);
    counters.observeSessions(sessions.map((s) => ({ ...s, skippedLines: s.skippedLines + 2 })));
    assert.strictEqual(value(counters.samples(), 'session_doctor_skipped_lines_total'), skipped + 2 * sessions.length);
  });

  it('counts audit rows written after the first look, by strategy and outcome', () => {
    const counters = new FleetCounters();
    counters.observeAudit([audit(2, 'backoff', 'taken'), audit(1, 'acknowledge', 'offered')]);
    assert.strictEqual(value(counters.samples(), 'session_doctor_recoveries_total'), 0, 'rows from before the start are not counted');
    counters.observeAudit([audit(4, 'backoff', 'succeeded'), audit(3, 'backoff', 'taken'), audit(2, 'backoff', 'taken')]);
    counters.observeAudit([audit(4, 'backoff', 'succeeded')]);
    const samples = counters.samples();
    assert.strictEqual(value(samples, 'session_doctor_recoveries_total', { strategy: 'backoff', outcome: 'taken' }), 1);
    assert.strictEqual(value(samples, 'session_doctor_recoveries_total', { strategy: 'backoff', outcome: 'succeeded' }), 1);
  });

  it('counts watcher errors, starting at 0', () => {
    const counters = new FleetCounters();
    assert.strictEqual(value(counters.samples(), 'session_doctor_watch_errors_total'), 0);
    counters.noteError();
    counters.noteError();
    assert.strictEqual(value(counters.samples(), 'session_doctor_watch_errors_total'), 2);
  });
});
