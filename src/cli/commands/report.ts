/** `session-doctor report`: the recovery history and the Markdown report. */
import { Command, Option } from 'commander';
import * as os from 'os';
import { machineUsageLimitsSection } from '../limits';
import { spoolFolder } from '../statusline';
import { DEFAULT_ENGINE_CONFIG } from '../../core/engine/engine';
import { ALL_TIME_MS, newEngine } from '../common';
import { CliContext, positiveNumber } from '../context';
import { redactedJson, renderAuditTable } from '../render';

/** Adds `report` to `program`. */
export function addReportCommand(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('the recovery history and the Markdown report (sessions, findings, recovery history, policy)')
    .option('--json', 'print the recovery history (audit rows, newest first) as JSON')
    .option('--history', 'print only the recovery history, as a table')
    .option('--all', 'every session in the store, however old')
    .option(
      '--spool <folder>',
      'spool folder with the statusline records, for the usage limits (default $SESSION_DOCTOR_SPOOL or ~/.session-doctor/spool)',
    )
    .addOption(new Option('--limit <n>', 'recovery history rows').default(20).argParser(positiveNumber))
    .action(async (opts: { json?: boolean; history?: boolean; all?: boolean; spool?: string; limit: number }, cmd: Command) => {
      const { store } = await ctx.openStore(ctx.storePath(cmd));
      const engine = newEngine(store, { activeWindowMs: opts.all ? ALL_TIME_MS : DEFAULT_ENGINE_CONFIG.activeWindowMs }, ctx.clock);
      if (opts.json) {
        ctx.print(redactedJson(engine.audit(opts.limit), 2) + '\n');
      } else if (opts.history) {
        ctx.print(renderAuditTable(engine.audit(opts.limit)));
      } else {
        // The usage limits seen on this machine (status-line records, Codex rollouts) and the halted sessions.
        const home = ctx.io.home ?? os.homedir();
        const now = ctx.clock.now();
        const tz = ctx.io.env.TZ || undefined;
        const spool = opts.spool ?? spoolFolder(ctx.io.env, home);
        const limits = machineUsageLimitsSection(ctx.io.env, home, now, spool, engine.snapshot(), tz);
        ctx.print(engine.report() + '\n' + (limits ? '\n' + limits : ''));
      }
      store.close();
    });
}
