/** `session-doctor statusline`: Claude Code's statusLine command (see ../statusline.ts). */
import { Command } from 'commander';
import * as os from 'os';
import { CliContext } from '../context';
import { runStatusLine, spoolFolder } from '../statusline';

/** Reads a stream to its end as UTF-8 text. */
export function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (text += c));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/** Adds `statusline` to `program`. */
export function addStatusLineCommand(program: Command, ctx: CliContext): void {
  program
    .command('statusline')
    .description(
      "Claude Code's statusLine command: reads its JSON on stdin, prints health, context %, 5 h and 7 d use with reset times and pace, cost; records the limits in the spool",
    )
    .option('--spool <folder>', 'spool folder (default $SESSION_DOCTOR_SPOOL or ~/.session-doctor/spool)')
    .action(async (opts: { spool?: string }) => {
      const input = await readAll(ctx.io.stdin);
      const spool = opts.spool ?? spoolFolder(ctx.io.env, ctx.io.home ?? os.homedir());
      const run = runStatusLine(input, spool, ctx.clock.now(), ctx.io.env.TZ || undefined);
      ctx.print(run.line + '\n');
      if (run.error) {
        ctx.warn(`session-doctor statusline: ${run.error}`);
      }
    });
}
