/**
 * `session-doctor`: the command-line interface on the same engine as the extension, for terminals, servers and CI.
 * Commands: status, report, scan, watch, limits, statusline, classify, inject, demo (see docs/cli.md), one file each in ./commands/.
 * `main(argv, io)` runs one command line with injected streams and environment, so tests run it in-process;
 * src/cli/index.ts is the executable.
 *
 * Exit codes: 0 = done (scan: no open finding at or above `--fail-on`, default CRITICAL); 1 = scan found one;
 * 2 = usage error (unknown command, option, format or failure type; a path that does not exist) or I/O error.
 */
import { Command, CommanderError } from 'commander';
import * as fs from 'fs';
import { redactSecrets } from '../core/ingest/redact';
import { findUp } from './common';
import { CliContext, CliIo, EXIT, UsageError, createContext } from './context';
import { addClassifyCommand } from './commands/classify';
import { addDemoCommand } from './commands/demo';
import { addInjectCommand } from './commands/inject';
import { addLimitsCommand } from './commands/limits';
import { addReportCommand } from './commands/report';
import { addScanCommand } from './commands/scan';
import { addStatusCommand } from './commands/status';
import { addStatusLineCommand } from './commands/statusline';
import { addWatchCommand } from './commands/watch';

export { classifyStream } from './classify';
export { EXIT } from './context';
export type { CliIo } from './context';

/** The subcommands, in the order `--help` lists them. */
const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  addStatusCommand,
  addReportCommand,
  addScanCommand,
  addWatchCommand,
  addLimitsCommand,
  addStatusLineCommand,
  addClassifyCommand,
  addInjectCommand,
  addDemoCommand,
];

/** The package version, from the nearest package.json named session-doctor above this file ("0.0.0" if none). */
export function cliVersion(): string {
  const pkg = findUp('package.json', (p) => JSON.parse(fs.readFileSync(p, 'utf8')).name === 'session-doctor');
  return pkg ? String(JSON.parse(fs.readFileSync(pkg, 'utf8')).version) : '0.0.0';
}

/** The `session-doctor` program with every subcommand, writing through `io` (errors thrown, not exiting: see exitOverride). */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('session-doctor')
    .description(
      'Session Doctor: detect failures in AI coding agent sessions (Claude Code, Codex, Gemini, Aider, logs), rate their severity and name the recovery.',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .option(
      '--store <file>',
      'store file (default $SESSION_DOCTOR_STORE or ~/.session-doctor/store.sqlite; scan and watch: in memory unless given)',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(redactSecrets(s)), writeErr: (s) => io.stderr.write(redactSecrets(s)) })
    .showHelpAfterError('(run session-doctor --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok; 1 scan found an open finding at or above --fail-on (default CRITICAL); 2 usage or I/O error.',
    );
  for (const add of COMMANDS) {
    add(program, ctx);
  }
  return program;
}

/**
 * Runs one command line (`argv` without `node` and the script) and resolves to its exit code. Never rejects: errors are
 * printed to `io.stderr` with exit code 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const { ctx, exitCode } = createContext(io);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.error;
    }
    if (e instanceof UsageError) {
      ctx.warn(`session-doctor: ${e.message}\n(run session-doctor --help for usage)`);
      return EXIT.error;
    }
    ctx.warn(`session-doctor: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.error;
  }
  return exitCode();
}
