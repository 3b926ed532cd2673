/**
 * A stand-in for one VS Code window on a shared store file, run as its own process by storeFile.unit.test.ts:
 * `node storeWindow.js <store file> <sync every ms>`. It opens the file as the CLI does (src/host/node/storeFile.ts),
 * keeps an engine on it (the same `acknowledge` and `snooze` the extension's commands call), and synchronizes every
 * `<sync every ms>` (merge what others wrote under the lock, write its own changes), as the extension's persistence
 * does every 2 s. Commands on stdin, one a line: `ack <session id>` and `snooze <session id> <until epoch ms>` (every
 * finding of that session), `quit` (a last sync, then exit 0). After each sync it prints `state <json>` when the
 * findings it holds changed: `[{ session, type, status, snoozedUntil }]`, sorted.
 */
import * as readline from 'readline';
import { Engine, DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/engine';
import { openStoreFile, saveStoreFile } from '../../../../src/host/node/storeFile';

async function main(file: string, everyMs: number): Promise<void> {
  const { store } = await openStoreFile(file);
  const engine = new Engine(store, DEFAULT_ENGINE_CONFIG, { now: () => Date.now() });
  let printed = '';
  let queue: Promise<void> = Promise.resolve();
  const findingsOf = (sessionId: string) => store.findings(sessionId);
  const sync = async () => {
    await saveStoreFile(store, file);
    const state = store
      .activeSessions(0)
      .flatMap((s) => findingsOf(s.id).map((f) => ({ session: s.id, type: f.type, status: f.status, snoozedUntil: f.snoozedUntil })))
      .sort((a, b) => `${a.session}${a.type}`.localeCompare(`${b.session}${b.type}`));
    const text = JSON.stringify(state);
    if (text !== printed) {
      printed = text;
      process.stdout.write(`state ${text}\n`);
    }
  };
  const enqueue = (fn: () => Promise<void>) => (queue = queue.then(fn).catch((e: unknown) => void process.stderr.write(`${String(e)}\n`)));
  const timer = setInterval(() => void enqueue(sync), everyMs);
  enqueue(sync);
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, sessionId, until] = line.trim().split(/\s+/);
    enqueue(async () => {
      if (cmd === 'quit') {
        clearInterval(timer);
        await sync();
        process.exit(0);
      }
      for (const f of findingsOf(sessionId)) {
        if (cmd === 'ack') {
          engine.acknowledge(f.id, 'user');
        } else if (cmd === 'snooze') {
          engine.snooze(f.id, Number(until));
        }
      }
      process.stdout.write(`done ${cmd}\n`);
      await sync();
    });
  });
}

void main(process.argv[2], Number(process.argv[3] ?? 500)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
