// Runs an agent CLI as a person in a terminal would stop it: Ctrl+C (SIGINT to the whole process group) after a while,
// then SIGKILL if it has not exited. For the fixture scripts' "interrupted while it waited" runs.
import { spawn } from 'node:child_process';

/**
 * Like runCollect (./npmTool.mjs), but sends SIGINT to the child's process group after `interruptAfterMs` (ms), then
 * SIGKILL after `timeoutMs` (ms) from the start. Resolves {code, signal, timedOut, interrupted: true, stdout, stderr, ms};
 * never rejects.
 */
export function runInterrupted(command, args, { cwd, env, timeoutMs, interruptAfterMs }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    const send = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    let timedOut = false;
    const timers = [setTimeout(() => send('SIGINT'), interruptAfterMs), setTimeout(() => ((timedOut = true), send('SIGKILL')), timeoutMs)];
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      resolve({ code, signal, timedOut, interrupted: true, ...out, ms: Date.now() - started });
    });
  });
}
