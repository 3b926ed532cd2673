/** `session-doctor demo`: a self-contained tour on a temporary store (see ../demo.ts). */
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { runDemo } from '../demo';

/** Adds `demo` to `program`. */
export function addDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('a self-contained demo on a temporary store: detection -> severity -> strategy -> the dashboard')
    .option('--keep', 'keep the temporary store and print where it is')
    .action(async (opts: { keep?: boolean }) => {
      await runDemo(ctx.clock, ctx.print, !!opts.keep);
    });
}
