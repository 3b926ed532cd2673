/**
 * A write loop on a shared store file, run as its own process by sharedStoreFile.unit.test.ts (which kills it with
 * SIGKILL at random moments): `node storeWriter.js <store file> <writer name>`. Each round adds a session with events,
 * a finding and an audit row, then saves through the CLI's path (src/host/node/storeFile.ts: merge under the lock,
 * atomic write). It prints `writing <n>` before each save and `saved <n>` after it, and runs until killed.
 */
import { openStoreFile, saveStoreFile } from '../../../../src/host/node/storeFile';

async function main(file: string, who: string): Promise<void> {
  const { store } = await openStoreFile(file);
  for (let n = 1; ; n++) {
    const id = `${who}-${n}`;
    store.ensureSession(id, 'claude-code', `/tmp/${id}.jsonl`, 'kill-test', n);
    for (let i = 0; i < 20; i++) {
      store.insertEvent(
        { sessionId: id, agent: 'claude-code', timestamp: n * 1000 + i, kind: 'assistant', text: `line ${i} of ${id} `.repeat(8) },
        undefined,
      );
    }
    const f = store.insertFinding({
      sessionId: id,
      type: 'rate_limit',
      severity: 'HIGH',
      strategy: 'backoff',
      ts: n * 1000,
      text: 'HTTP 429',
      escalation: '',
    });
    store.insertAudit({
      timestamp: n * 1000 + 1,
      sessionId: id,
      findingId: f.id,
      failureType: 'rate_limit',
      strategy: 'backoff',
      outcome: 'offered',
      actor: 'system',
      detail: id,
    });
    process.stdout.write(`writing ${n}\n`);
    await saveStoreFile(store, file);
    process.stdout.write(`saved ${n}\n`);
  }
}

void main(process.argv[2], process.argv[3] ?? 'w').catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
