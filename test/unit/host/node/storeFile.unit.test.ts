/**
 * Many writers on one store file, with real processes (issue 10, "Many writers, nothing lost"):
 * - two `session-doctor watch --store <file>` processes (the CLI compiled beside this test, <outDir>/src/cli/index.js), each following a
 *   different failing real Claude Code session (test/fixtures/claude, see PROVENANCE.md there) written line by line
 *   while they run, then both stopped with SIGTERM: the store holds both sessions, their findings and audit rows;
 * - a write loop (./storeWriter.ts) killed with SIGKILL at 50 random moments, on one store file: it opens every time,
 *   and holds every round the writer said it saved. A killed writer's lock is left behind; each next writer takes it
 *   over as stale (the test ages it by the stale time instead of waiting for it).
 * Compile first: `./node_modules/.bin/tsc -p tsconfig.test.json` (any --outDir: the CLI is taken from the same one).
 */
import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Store } from '../../../../src/core/store/store';
import { sqlJs, REPO_ROOT } from '../../helpers';
import { wasmCompileFlags, wasmCompileThreads } from '../../../../src/host/node/storeFile';

/** The CLI compiled with this test (<outDir>/test/unit/host/node -> <outDir>/src/cli). */
const CLI = path.join(__dirname, '..', '..', '..', '..', 'src', 'cli', 'index.js');
const WRITER = path.join(__dirname, 'storeWriter.js');
const WINDOW = path.join(__dirname, 'storeWindow.js');
/** The failing session of test/fixtures/claude/auth_401.jsonl (three 401 answers). */
const AUTH_SESSION = 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5';
const CLAUDE = path.join(REPO_ROOT, 'test/fixtures/claude');

/** A child's stdout and stderr as they come, and its exit. */
function watchChild(child: ChildProcess): { out: () => string; exited: Promise<number | null> } {
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  return { out: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

/** A `watch --json --store <store> --poll 100 <folder>` process of the compiled CLI. */
function startWatch(store: string, folder: string, options: { uid?: number } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, 'watch', '--json', '--store', store, '--poll', '100', folder], {
    env: { ...process.env, SESSION_DOCTOR_STORE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
}

/** The last `state <json>` line a ./storeWindow.ts process printed (undefined before its first). */
function lastState(out: string): { session: string; type: string; status: string; snoozedUntil: number }[] | undefined {
  const lines = out.split('\n').filter((l) => l.startsWith('state '));
  return lines.length ? JSON.parse(lines[lines.length - 1].slice('state '.length)) : undefined;
}

/** Polls until `fn` is true (every 50 ms), failing after `ms`. */
async function until(fn: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sql.js in the CLI (src/host/node/storeFile.ts)', () => {
  it('leaves one core to the main thread for the WebAssembly compile threads, and keeps at least one', () => {
    assert.strictEqual(wasmCompileThreads(2), 1);
    assert.strictEqual(wasmCompileThreads(8), 7);
    assert.strictEqual(wasmCompileThreads(1), 1);
    assert.strictEqual(wasmCompileThreads(0), 1);
    assert.strictEqual(wasmCompileThreads(Number.NaN), 1);
    assert.strictEqual(wasmCompileThreads(), Math.max(1, os.availableParallelism() - 1));
  });

  it('compiles every WebAssembly function before the first query, on those threads, instead of lazily on the main thread', () => {
    assert.deepStrictEqual(wasmCompileFlags(2), ['--wasm-num-compilation-tasks=1', '--no-wasm-lazy-compilation']);
    assert.deepStrictEqual(wasmCompileFlags(4), ['--wasm-num-compilation-tasks=3', '--no-wasm-lazy-compilation']);
  });

  it('opens a store file without loading the lock module, which its first save loads and uses', function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-lazylock-'));
    try {
      const file = path.join(dir, 'store.sqlite');
      // a fresh process: what the open loaded, then what the save loaded, and the saved store read back
      const script = `
        const sf = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', '..', 'src', 'host', 'node', 'storeFile.js'))});
        const locks = () => Object.keys(require.cache).filter((k) => /proper-lockfile|storeLock\\.js$/.test(k)).length;
        (async () => {
          const { store } = await sf.openStoreFile(${JSON.stringify(file)});
          const afterOpen = locks();
          store.ensureSession('s1', 'claude-code', '/t.jsonl', 'p', 1);
          const saved = await sf.saveStoreFile(store, ${JSON.stringify(file)});
          const again = await sf.openStoreFile(${JSON.stringify(file)});
          console.log(JSON.stringify({ afterOpen, afterSave: locks(), wrote: saved.wrote, row: !!again.store.session('s1') }));
        })();`;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
      assert.strictEqual(out.afterOpen, 0);
      assert.ok(out.afterSave >= 2, `storeLock.js and proper-lockfile loaded by the save (${out.afterSave})`);
      assert.deepStrictEqual({ wrote: out.wrote, row: out.row }, { wrote: true, row: true });
      assert.ok(!fs.existsSync(`${file}.lock`), 'the lock is released');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shared store file with real processes (src/host/node/storeFile.ts, src/core/store/sharedStore.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-writers-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two `watch --store` processes, each following its own failing Claude Code session, then stopped: the store holds both', async function () {
    this.timeout(60_000);
    const store = path.join(dir, 'shared', 'store.sqlite');
    const fixtures = ['rate_limit_then_ok', 'auth_401'];
    const children = fixtures.map((name) => {
      const folder = path.join(dir, name);
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, `${name}.jsonl`), '');
      const child = spawn(process.execPath, [CLI, 'watch', '--json', '--store', store, '--poll', '100', folder], {
        env: { ...process.env, SESSION_DOCTOR_STORE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { name, folder, child, ...watchChild(child) };
    });
    try {
      await Promise.all(children.map((c) => until(() => c.out().includes('Watching'), 20_000, `${c.name} to start`)));
      // The two transcripts grow line by line, as the agents wrote them, so both processes save while the other does.
      const lines = fixtures.map((n) => fs.readFileSync(path.join(CLAUDE, `${n}.jsonl`), 'utf8').split(/(?<=\n)/));
      for (let i = 0; i < Math.max(...lines.map((l) => l.length)); i++) {
        children.forEach((c, k) => lines[k][i] !== undefined && fs.appendFileSync(path.join(c.folder, `${c.name}.jsonl`), lines[k][i]));
        await new Promise((r) => setTimeout(r, 60));
      }
      await Promise.all(children.map((c) => until(() => c.out().includes('"type"'), 15_000, `a finding printed by ${c.name}`)));
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      children.forEach((c) => c.child.kill('SIGTERM'));
    }
    const codes = await Promise.all(children.map((c) => c.exited));
    assert.deepStrictEqual(codes, [0, 0], children.map((c) => c.out()).join('\n'));
    const s = Store.open(await sqlJs(), new Uint8Array(fs.readFileSync(store)));
    const ids = ['c6780daf-f981-46fb-9970-7ebdac5075bd', 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5'];
    assert.deepStrictEqual(
      s
        .activeSessions(0)
        .map((x) => x.id)
        .sort(),
      [...ids].sort(),
    );
    assert.deepStrictEqual(
      s.findings(ids[0]).map((f) => [f.type, f.status]),
      [['rate_limit', 'resolved']],
    );
    assert.deepStrictEqual(
      s.findings(ids[1]).map((f) => [f.type, f.status]),
      [['auth', 'open']],
    );
    assert.deepStrictEqual(
      s.audit(10, ids[0]).map((a) => [a.strategy, a.outcome, a.findingId]),
      [['backoff', 'succeeded', s.findings(ids[0])[0].id]],
    );
    for (const id of ids) {
      assert.ok(s.eventCount(id) > 0, id);
    }
  });

  it('a write loop killed with SIGKILL at 50 random moments leaves a store that opens every time, with every saved round', async function () {
    this.timeout(300_000); // 50 process starts (each loads sql.js) on a shared 2-core machine
    const store = path.join(dir, 'store.sqlite');
    const lock = `${store}.lock`;
    const sql = await sqlJs();
    let duringWrite = 0;
    let saved = 0;
    const started = Date.now();
    for (let run = 0; run < 50; run++) {
      const child = spawn(process.execPath, [WRITER, store, `run${run}`], {
        env: { ...process.env, SESSION_DOCTOR_LOCK_STALE_MS: '2000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const c = watchChild(child);
      await until(() => c.out().includes('saved 1\n'), 15_000, `run ${run} to save once: ${c.out()}`);
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      child.kill('SIGKILL');
      await c.exited;
      const out = c.out().trim().split('\n');
      if (out[out.length - 1].startsWith('writing')) {
        duringWrite++;
      }
      const rounds = out.filter((l) => l.startsWith('saved')).length;
      saved += rounds;
      const opened = Store.open(sql, new Uint8Array(fs.readFileSync(store)));
      for (let n = 1; n <= rounds; n++) {
        assert.ok(opened.session(`run${run}-${n}`), `run ${run}: round ${n} was saved`);
      }
      opened.close();
      if (fs.existsSync(lock)) {
        // The killed writer's lock stays; its heartbeat stopped. Age it by the stale time rather than wait for it.
        const old = new Date(Date.now() - 5_000);
        fs.utimesSync(lock, old, old);
      }
    }
    const final = Store.open(sql, new Uint8Array(fs.readFileSync(store)));
    assert.ok(final.activeSessions(0).length >= saved, `${final.activeSessions(0).length} sessions >= ${saved} saved rounds`);
    const leftovers = fs.readdirSync(dir).filter((f) => f.includes('.tmp'));
    assert.ok(leftovers.length <= 1, `at most the last killed writer's temporary file: ${leftovers.join(', ')}`);
    console.log(
      `      50 kills in ${((Date.now() - started) / 1000).toFixed(1)} s, ${duringWrite} of them between "writing" and "saved"; ${saved} rounds saved, file ${fs.statSync(store).size} bytes`,
    );
  });

  it('an acknowledgement and a snooze made in one window show in another within seconds, and a `watch` writing the same finding keeps them', async function () {
    this.timeout(120_000);
    const store = path.join(dir, 'shared', 'store.sqlite');
    const folder = path.join(dir, 'auth');
    fs.mkdirSync(folder);
    const transcript = path.join(folder, 'auth_401.jsonl');
    const lines = fs.readFileSync(path.join(CLAUDE, 'auth_401.jsonl'), 'utf8').split(/(?<=\n)/);
    // Up to the first 401 answer: enough for the finding; the rest comes after the user's actions.
    const firstError = lines.findIndex((l) => l.includes('"api_error"'));
    fs.writeFileSync(transcript, lines.slice(0, firstError + 1).join(''));
    const watcher = startWatch(store, folder);
    const w = watchChild(watcher);
    const windows = [0, 1].map(() => {
      const child = spawn(process.execPath, [WINDOW, store, '250'], { stdio: ['pipe', 'pipe', 'pipe'] });
      return { child, ...watchChild(child) };
    });
    const [one, two] = windows;
    let eventsBefore = 0;
    let until24h = 0;
    const stateOf = (x: { out: () => string }) => lastState(x.out())?.find((f) => f.session === AUTH_SESSION && f.type === 'auth');
    try {
      await until(() => w.out().includes('"auth"'), 30_000, `the watch to find the 401: ${w.out()}`);
      // The watch saves within its 2 s debounce; both windows merge it at their next sync.
      await until(() => windows.every((x) => stateOf(x)?.status === 'open'), 20_000, 'both windows to see the open finding');
      one.child.stdin!.write(`ack ${AUTH_SESSION}\n`);
      await until(() => stateOf(one)?.status === 'acknowledged', 10_000, 'window one to acknowledge');
      let t = Date.now();
      await until(() => stateOf(two)?.status === 'acknowledged', 10_000, `window two to see the acknowledgement: ${two.out()}`);
      const ackMs = Date.now() - t;
      until24h = Date.now() + 24 * 3600_000;
      two.child.stdin!.write(`snooze ${AUTH_SESSION} ${until24h}\n`);
      t = Date.now();
      await until(() => stateOf(one)?.snoozedUntil === until24h, 10_000, `window one to see the snooze: ${one.out()}`);
      const snoozeMs = Date.now() - t;
      console.log(`      acknowledgement seen by the other window after ${ackMs} ms, snooze after ${snoozeMs} ms (sync every 250 ms)`);
      // The watch merges both within its 2 s sync; then the rest of the transcript (two more 401s) makes it write.
      await new Promise((r) => setTimeout(r, 2500));
      const early = Store.open(await sqlJs(), new Uint8Array(fs.readFileSync(store)));
      eventsBefore = early.eventCount(AUTH_SESSION);
      early.close();
      fs.appendFileSync(transcript, lines.slice(firstError + 1).join(''));
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      windows.forEach((x) => x.child.stdin!.end('quit\n'));
      watcher.kill('SIGTERM');
    }
    assert.deepStrictEqual(await Promise.all([w.exited, ...windows.map((x) => x.exited)]), [0, 0, 0], w.out());
    const s = Store.open(await sqlJs(), new Uint8Array(fs.readFileSync(store)));
    const [finding] = s.findings(AUTH_SESSION);
    assert.deepStrictEqual([finding.type, finding.status, finding.snoozedUntil], ['auth', 'acknowledged', until24h]);
    assert.ok(s.eventCount(AUTH_SESSION) > eventsBefore, `the later lines were saved too (${eventsBefore} events before them)`);
    assert.deepStrictEqual(
      s
        .audit(10, AUTH_SESSION)
        .map((a) => [a.strategy, a.outcome, a.actor])
        .sort(),
      [
        ['acknowledge', 'taken', 'user'],
        ['snooze', 'taken', 'user'],
      ],
    );
  });

  it('a store in a read-only folder: one clear warning, the watch keeps finding in memory, the file is left as it was', async function () {
    this.timeout(90_000);
    // As root, permissions do not stop a write: the watch then runs as "nobody" (uid 65534), for whom the folder is read-only.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    fs.chmodSync(dir, 0o755);
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    const store = path.join(shared, 'store.sqlite');
    const sql = await sqlJs();
    const before = Store.open(sql);
    before.ensureSession('earlier', 'codex', '/earlier.jsonl', 'p', 1);
    fs.writeFileSync(store, before.export());
    before.close();
    const bytes = fs.readFileSync(store);
    fs.chmodSync(shared, 0o555);
    const folder = path.join(dir, 'auth');
    fs.mkdirSync(folder, { mode: 0o755 });
    const transcript = path.join(folder, 'auth_401.jsonl');
    fs.writeFileSync(transcript, '', { mode: 0o644 });
    const watcher = startWatch(store, folder, { uid });
    const w = watchChild(watcher);
    const lines = fs.readFileSync(path.join(CLAUDE, 'auth_401.jsonl'), 'utf8').split(/(?<=\n)/);
    try {
      await until(() => w.out().includes('Watching'), 20_000, `the watch to start: ${w.out()}`);
      // Two bursts, each followed by a debounced save (2 s) and periodic syncs: several failed saves, one warning.
      for (const part of [lines.slice(0, 11), lines.slice(11)]) {
        fs.appendFileSync(transcript, part.join(''));
        await until(() => w.out().includes('"auth"'), 20_000, `the watch to find the 401: ${w.out()}`);
        await new Promise((r) => setTimeout(r, 4500));
      }
    } finally {
      watcher.kill('SIGTERM');
      await w.exited;
      fs.chmodSync(shared, 0o755);
    }
    const warnings = w.out().match(/Could not save the store[^\n]*/g) ?? [];
    assert.strictEqual(warnings.length, 1, w.out());
    assert.match(warnings[0], /store\.sqlite \(kept in memory, trying again\): .*(EACCES|EROFS|EPERM)/);
    assert.ok(w.out().includes('"type":"auth"'), 'findings still printed');
    assert.ok(w.out().includes('Stopped watching.'), 'the watch ended normally');
    assert.deepStrictEqual(fs.readFileSync(store), bytes, 'the file is untouched');
    assert.deepStrictEqual(fs.readdirSync(shared), ['store.sqlite'], 'no lock, version or temporary file left');
  });

  it('a store on a full file system (a 512 KiB tmpfs, filled): one clear warning, finding goes on in memory, the file stays intact', async function () {
    this.timeout(90_000);
    const mnt = path.join(dir, 'full');
    fs.mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (e) {
      // The only reason to skip: this machine does not let the test mount a file system (not root, no CAP_SYS_ADMIN).
      console.log(`      skipped: mounting a tmpfs is not permitted here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`);
      this.skip();
    }
    try {
      const store = path.join(mnt, 'store.sqlite');
      const before = Store.open(await sqlJs());
      before.ensureSession('earlier', 'codex', '/earlier.jsonl', 'p', Date.now());
      fs.writeFileSync(store, before.export());
      before.close();
      const bytes = fs.readFileSync(store);
      // Fill what is left of the file system.
      const filler = fs.openSync(path.join(mnt, 'filler'), 'w');
      const chunk = Buffer.alloc(4096, 1);
      let filled = 0;
      try {
        for (;;) {
          filled += fs.writeSync(filler, chunk);
        }
      } catch (e) {
        assert.strictEqual((e as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(filler);
      }
      const folder = path.join(dir, 'auth');
      fs.mkdirSync(folder);
      const transcript = path.join(folder, 'auth_401.jsonl');
      fs.writeFileSync(transcript, '');
      const watcher = startWatch(store, folder);
      const w = watchChild(watcher);
      const lines = fs.readFileSync(path.join(CLAUDE, 'auth_401.jsonl'), 'utf8').split(/(?<=\n)/);
      let whileFull = '';
      try {
        await until(() => w.out().includes('Watching'), 20_000, `the watch to start: ${w.out()}`);
        // Two bursts, each followed by a debounced save (2 s) and periodic syncs: several failed saves, one warning.
        for (const part of [lines.slice(0, 11), lines.slice(11)]) {
          fs.appendFileSync(transcript, part.join(''));
          await until(() => w.out().includes('"auth"'), 20_000, `the watch to find the 401: ${w.out()}`);
          await new Promise((r) => setTimeout(r, 4500));
        }
        whileFull = w.out();
        assert.deepStrictEqual(fs.readFileSync(store), bytes, 'the previous store file is intact while the disk is full');
        // Space again: the next change's save works and says so.
        fs.rmSync(path.join(mnt, 'filler'));
        fs.appendFileSync(transcript, lines[lines.length - 1]);
        await until(() => w.out().includes('is saved again'), 20_000, `the save after space came back: ${w.out()}`);
      } finally {
        watcher.kill('SIGTERM');
        await w.exited;
      }
      const warnings = whileFull.match(/Could not save the store[^\n]*/g) ?? [];
      assert.strictEqual(warnings.length, 1, whileFull);
      assert.match(warnings[0], /store\.sqlite \(kept in memory, trying again\): .*ENOSPC/);
      assert.ok(whileFull.includes('"type":"auth"'), 'findings printed while the disk was full');
      const after = Store.open(await sqlJs(), new Uint8Array(fs.readFileSync(store)));
      assert.ok(after.session('earlier'), 'the earlier session kept');
      assert.strictEqual(
        after.findings(AUTH_SESSION)[0]?.type,
        'auth',
        'what the watch found while the disk was full, saved once it was not',
      );
      after.close();
      console.log(`      ${filled} bytes of filler filled the tmpfs; warning: ${warnings[0].slice(0, 160)}`);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
