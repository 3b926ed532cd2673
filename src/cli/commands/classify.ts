/** `session-doctor classify`: the detector alone on standard input (see ../classify.ts). */
import type { Command } from 'commander';
import { classifyStream } from '../classify';
import type { CliContext } from '../context';

/** Adds `classify` to `program`. */
export function addClassifyCommand(program: Command, ctx: CliContext): void {
  program
    .command('classify')
    .description(
      'the detector alone: reads lines on standard input, prints one JSON object per line ({"type","severity","strategy"}) or null',
    )
    .option('--explain', 'print each line with the evidence that decided it (status, vocabulary terms, rules, negative shapes, the gate)')
    .action(async (opts: { explain?: boolean }) => {
      await classifyStream(ctx.io.stdin, ctx.io.stdout, undefined, !!opts.explain);
    });
}
