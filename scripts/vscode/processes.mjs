// Processes of the e2e and demo scripts: shutdown hooks, bounded waits, free ports, and process trees walked in /proc
// and ended PID by PID. Node built-ins only; used through codeServer.mjs, which re-exports them.

import fs from 'node:fs';
import net from 'node:net';

/**
 * Runs the closers once (in reverse order of registration) on SIGINT/SIGTERM/SIGHUP, then exits 130.
 * For scripts such as a demo: `onShutdown(() => server.stop(), () => browser.close())`.
 */
export function onShutdown(...closers) {
  let running = false;
  const handler = async (sig) => {
    if (running) return;
    running = true;
    console.error(`\n${sig}: shutting down`);
    for (const fn of [...closers].reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(err?.message ?? err);
      }
    }
    process.exit(130);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, handler);
}

/** Waits for promise, at most ms (the timer does not keep the process alive afterwards). */
export async function settleWithin(promise, ms) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------- process tree handling (walk /proc, end each PID) ----------

function readStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces/parens: fields after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), start: rest[19], state: rest[0] };
  } catch {
    return undefined;
  }
}

/** All descendants of pid (children first by depth, deepest last), from one /proc snapshot. */
export function descendantPids(rootPid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(name);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const result = [];
  const queue = [rootPid];
  while (queue.length) {
    const p = queue.shift();
    for (const c of children.get(p) || []) {
      result.push(c);
      queue.push(c);
    }
  }
  return result;
}

function alive(pid, start) {
  const st = readStat(pid);
  return !!st && st.state !== 'Z' && (start === undefined || st.start === start);
}

/** Kills pid and all its descendants, each by PID: SIGTERM, wait, then SIGKILL what is left. */
export async function killTree(rootPid, signal = 'SIGTERM', { graceMs = 5000 } = {}) {
  if (!rootPid) return;
  const pids = [rootPid, ...descendantPids(rootPid)];
  const procs = pids.map((pid) => ({ pid, start: readStat(pid)?.start })).filter((p) => p.start !== undefined);
  const send = (sig) => {
    for (const p of procs) {
      if (alive(p.pid, p.start)) {
        try {
          process.kill(p.pid, sig);
        } catch {
          /* already gone */
        }
      }
    }
  };
  send(signal);
  if (signal === 'SIGKILL') return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && procs.some((p) => alive(p.pid, p.start))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (procs.some((p) => alive(p.pid, p.start))) {
    send('SIGKILL');
    const hardDeadline = Date.now() + 3000;
    while (Date.now() < hardDeadline && procs.some((p) => alive(p.pid, p.start))) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
