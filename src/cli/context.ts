/**
 * What every subcommand of src/cli/commands/ shares: the run's streams and environment ({@link CliIo}), the exit codes,
 * the usage error, and one {@link CliContext} per run (printing with secrets redacted, the store file of a command,
 * where the agents' folders are) built by {@link createContext}. Option parsers shared by several commands live here too.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import * as os from 'os';
import * as path from 'path';
import { Clock, systemClock } from '../core/engine/engine';
import { RootContext, TRANSCRIPT_KINDS } from '../core/ingest/kinds';
import { redactSecrets } from '../core/ingest/redact';
import { OpenedStoreFile, openStoreFile, resolveStorePath } from '../host/node/storeFile';
import { ReadableKind, formatIds, kindById } from './files';

/** Streams, environment and clock of one CLI run (process.* for the executable; captured ones in tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Read by `classify`. */
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against it. */
  cwd: string;
  /** Home folder for `~` and the default store (default: os.homedir()). */
  home?: string;
  /** The temp folder, where Gemini CLI leaves its error reports (default: os.tmpdir()). */
  tmpdir?: string;
  /** Aborted on Ctrl+C or SIGTERM: `watch` stops cleanly, saves the store and returns 0. */
  signal?: AbortSignal;
  /** Time source (epoch ms) of the engine; default the system clock. */
  clock?: Clock;
}

/** Exit codes. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** A usage error: printed with the hint to `--help`, exit code 2. */
export class UsageError extends Error {}

/** One run of the CLI as its subcommands see it. */
export interface CliContext {
  readonly io: CliIo;
  readonly clock: Clock;
  /** Writes to stdout, secrets redacted. */
  print(s: string): void;
  /** Writes one line to stderr, secrets redacted. */
  warn(s: string): void;
  /** The store file of `cmd`: `--store`, else `$SESSION_DOCTOR_STORE`, else `~/.session-doctor/store.sqlite`. */
  storePath(cmd: Command): string;
  /** The store file given with `--store` (scan and watch keep their store in memory without it). */
  explicitStorePath(cmd: Command): string | undefined;
  /** Opens a store file, warning when an unreadable one was moved aside. */
  openStore(file: string): Promise<OpenedStoreFile>;
  /** Sets the run's exit code (`scan`: 1 when a finding is at or above `--fail-on`). */
  setExitCode(code: number): void;
  /** Where the registered kinds look by default, for this run's environment. */
  rootContext(): RootContext;
}

/** The context of one run; `exitCode()` reads the code a command set (0 when none did). */
export function createContext(io: CliIo): { ctx: CliContext; exitCode(): number } {
  let exitCode: number = EXIT.ok;
  const clock = io.clock ?? systemClock;
  const home = io.home ?? os.homedir();
  const warn = (s: string) => void io.stderr.write(redactSecrets(s.endsWith('\n') ? s : s + '\n'));
  const ctx: CliContext = {
    io,
    clock,
    print: (s) => void io.stdout.write(redactSecrets(s)),
    warn,
    storePath: (cmd) => resolveStorePath(cmd.optsWithGlobals().store, io.env, io.cwd, home),
    explicitStorePath(cmd) {
      const o = cmd.optsWithGlobals().store as string | undefined;
      return o ? resolveStorePath(o, io.env, io.cwd, home) : undefined;
    },
    async openStore(file) {
      const opened = await openStoreFile(file, clock.now());
      if (opened.movedAside) {
        warn(`The store ${file} was not readable; it was moved to ${opened.movedAside} and a new store started.`);
      }
      return opened;
    },
    setExitCode(code) {
      exitCode = code;
    },
    rootContext: () => ({
      env: io.env,
      home,
      tmpdir: io.tmpdir ?? os.tmpdir(),
      workspaceFolders: [io.cwd],
      join: (...parts) => path.join(...parts),
    }),
  };
  return { ctx, exitCode: () => exitCode };
}

/** The default roots of every registered kind, for messages. */
export function defaultRootList(ctx: CliContext): string {
  return TRANSCRIPT_KINDS.flatMap((k) => k.defaultRoots(ctx.rootContext())).join(', ');
}

/** The kind named by `--format`; a usage error when unknown. */
export function requireFormat(id: string): ReadableKind {
  const kind = kindById(id);
  if (!kind) {
    throw new UsageError(`Unknown format "${id}". Formats: ${formatIds().join(', ')}`);
  }
  return kind;
}

/** Option parser: a number > 0. */
export function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a positive number.');
  }
  return n;
}

/** Option parser: a number >= 0. */
export function nonNegativeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('Expected a number >= 0.');
  }
  return n;
}
