/**
 * What the CLI's in-process tests share: `run` (the CLI's `main` with captured output, an empty temp folder and no
 * environment), polling, and the real Claude Code fixtures.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { main } from '../../../src/cli/main';
import { FakeClock, REPO_ROOT } from '../helpers';

/** The repository's root, the Claude Code fixtures and the compiled CLI (out/, `npm run compile-tests`). */
export const repo = REPO_ROOT;
export const fixtures = path.join(repo, 'test', 'fixtures', 'claude');
export const compiledCli = path.join(repo, 'out', 'src', 'cli', 'index.js');

/** A writable that keeps what was written, readable while the command still runs. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** What a run of `main` is given besides its arguments. */
export interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  clock?: FakeClock;
  stdout?: Capture;
  stderr?: Capture;
}

/** An empty temp folder for the runs: the machine's own may hold Gemini CLI error reports, a source of `scan` without paths. */
export const quietTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-tmp-'));

/** Runs the CLI's `main` in this process with `argv`; resolves with its exit code and what it printed. */
export async function run(argv: string[], o: RunOptions = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = o.stdout ?? new Capture();
  const stderr = o.stderr ?? new Capture();
  const code = await main(argv, {
    stdout,
    stderr,
    stdin: Readable.from([o.stdin ?? '']),
    env: o.env ?? {},
    cwd: repo,
    home: os.tmpdir(),
    tmpdir: quietTmp,
    signal: o.signal,
    clock: o.clock,
  });
  return { code, out: stdout.text, err: stderr.text };
}

/** Polls `cond` every 20 ms until it holds or `timeoutMs` passes (then fails with `what`). */
export async function waitFor(cond: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) {
      assert.fail(`timed out waiting: ${what()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The line of a fixture with 1-based number `n` (with its newline). */
export function fixtureLine(name: string, n: number): string {
  return fs.readFileSync(path.join(fixtures, name), 'utf8').split('\n')[n - 1] + '\n';
}

/**
 * A fresh temp folder (prefix `sd-cli-test-`) for each test of the calling describe block, handed to `use` before the
 * test and removed after it.
 */
export function tmpDirEach(use: (dir: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-test-'));
    use(dir);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
