// Processes of the e2e scenarios (test/e2e/*.scenario.mjs): a polled wait, and a program started until it says it is
// ready, then stopped by its PID. Not a scenario itself (scripts/e2e.mjs runs only `*.scenario.mjs`).
import { spawn } from 'node:child_process';

/**
 * Polls `probe` every 250 ms until it returns something truthy (returned) or `timeoutMs` (ms) have passed; then throws
 * an error naming `what` with the last value or error the probe gave.
 */
export async function until(what, probe, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out: ${what} (${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/**
 * Starts `cmd args` (`env`: its whole environment); resolves once `ready` (a RegExp) matches its output, within
 * `timeoutMs` (ms; it is stopped and the wait throws with its last output otherwise) with `{ pid, stop(), log() }`:
 * `stop()` ends it by its PID (SIGTERM, SIGKILL after 10 s) and waits for its exit.
 */
export async function startProcess(name, cmd, args, { env, ready, timeoutMs = 60_000 }) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => (log = (log + c).slice(-20_000)));
  child.stderr.on('data', (c) => (log = (log + c).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await until(
      `${name} ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${log.slice(-2000)}`);
        return ready.test(log);
      },
      timeoutMs,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { pid: child.pid, stop, log: () => log };
}
