/** `session-doctor status`: the health table of the sessions in the store. */
import { Command, Option } from 'commander';
import { ALL_TIME_MS, newEngine } from '../common';
import { CliContext, positiveNumber } from '../context';
import { redactedJson, renderStatusTable, sessionJson } from '../render';

/** Adds `status` to `program`. */
export function addStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the health table: session, agent, project, health, open findings, messages, cost, last activity')
    .option('--json', 'print the sessions as JSON')
    .option('--all', 'every session in the store, however old')
    .addOption(
      new Option('--hours <n>', 'sessions active within this many hours (or with an open finding)').default(24).argParser(positiveNumber),
    )
    .action(async (opts: { json?: boolean; all?: boolean; hours: number }, cmd: Command) => {
      const file = ctx.storePath(cmd);
      const { store, existed } = await ctx.openStore(file);
      if (!existed && !opts.json) {
        ctx.warn(`No store at ${file} yet: nothing recorded.`);
      }
      const engine = newEngine(store, { activeWindowMs: opts.all ? ALL_TIME_MS : opts.hours * 3600_000 }, ctx.clock);
      const sessions = engine.snapshot();
      ctx.print(
        opts.json
          ? redactedJson({ store: file, generatedAt: ctx.clock.now(), sessions: sessions.map(sessionJson) }, 2) + '\n'
          : renderStatusTable(sessions, ctx.clock.now()),
      );
      store.close();
    });
}
