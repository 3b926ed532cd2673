/** `demo`: a self-contained tour of detection, severity, strategy and the dashboard. */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { Clock } from '../core/engine/engine';
import { STRATEGY_LABELS } from '../core/model/failures';
import { ALL_TIME_MS, findUp, newEngine } from './common';
import { FileIngestor } from './files';
import { renderAuditTable, renderStatusTable } from './render';
import { memoryStore, saveStoreFile } from '../host/node/storeFile';

/**
 * `demo`: a temporary store; replays real Claude Code transcripts from test/fixtures/claude when present (a clone), else
 * synthetic errors; shows each detection (type -> severity -> strategy), a repeat escalation, the dashboard and the
 * recovery history.
 */
export async function runDemo(clock: Clock, print: (s: string) => void, keep: boolean): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'session-doctor-demo-'));
  const file = path.join(dir, 'store.sqlite');
  const store = await memoryStore();
  const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS }, clock);
  engine.onDidDetect((e) =>
    print(
      `  detected  ${e.finding.type.padEnd(18)} -> ${e.finding.severity.padEnd(8)} -> ${STRATEGY_LABELS[e.finding.strategy]}${e.finding.escalation ? `  [${e.finding.escalation}]` : ''}\n`,
    ),
  );
  try {
    print('Session Doctor demo\n\n1. Detection: replaying agent sessions\n');
    const fixtures = findUp(path.join('test', 'fixtures', 'claude'));
    const names = ['happy', 'rate_limit_then_ok', 'auth_401', 'prompt_too_long', 'tool_loop', 'overloaded_529'];
    const found = fixtures ? names.map((n) => path.join(fixtures, `${n}.jsonl`)).filter((p) => fs.existsSync(p)) : [];
    if (found.length > 0) {
      const ingestor = new FileIngestor(engine);
      for (const f of found) {
        print(` ${path.basename(f)} (a real Claude Code transcript, see test/fixtures/claude/PROVENANCE.md)\n`);
        await ingestor.read(f, true);
      }
    } else {
      print(' (no fixtures here: synthetic errors as the agents word them)\n');
      for (const type of ['auth', 'token_limit', 'repeated_tool_call'] as const) {
        print(` demo-${type}: ${type}\n`);
        engine.injectTestError(`demo-${type}`, type);
      }
    }
    print('\n2. Escalation: the same rate limit 3 times within 300 s rises one level\n');
    for (let i = 0; i < 3; i++) {
      engine.injectTestError('demo-burst', 'rate_limit');
    }
    const critical = engine
      .snapshot()
      .flatMap((s) => s.findings)
      .find((f) => f.severity === 'CRITICAL' && f.status === 'open');
    if (critical) {
      engine.recordRecovery({
        sessionId: critical.sessionId,
        findingId: critical.id,
        failureType: critical.type,
        strategy: critical.strategy,
        outcome: 'offered',
        actor: 'system',
        detail: 'demo: halt offered',
      });
    }
    print('\n3. The dashboard (session-doctor status)\n');
    print(renderStatusTable(engine.snapshot(), clock.now()));
    print('\n4. Recovery history (session-doctor report --history)\n');
    print(renderAuditTable(engine.audit(20)));
    await saveStoreFile(store, file, true);
    print(
      keep
        ? `\nThe demo store is ${file}\nTry: session-doctor --store ${file} status --all\n`
        : '\nDone (run with --keep to keep the demo store).\n',
    );
  } finally {
    store.close();
    if (!keep) {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }
}
