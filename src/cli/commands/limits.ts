/** `session-doctor limits`: the plan limits seen on this machine, their pace forecasts, and when halted sessions can resume. */
import { Command } from 'commander';
import * as os from 'os';
import { haltedSessions } from '../../core/limits/haltedSessions';
import { latestGauges } from '../../core/limits/gauge';
import { ALL_TIME_MS, newEngine } from '../common';
import { CliContext } from '../context';
import { readMachineLimits } from '../limits';
import { clockTime, duration, renderGauges } from '../../core/limits/limitsText';
import { redactedJson } from '../render';
import { spoolFolder } from '../statusline';

/** Adds `limits` to `program`. */
export function addLimitsCommand(program: Command, ctx: CliContext): void {
  program
    .command('limits')
    .description('plan usage limits per account and window (used %, reset, pace forecast) and when each halted session can resume')
    .option('--json', 'print gauges, forecasts and halted sessions as JSON')
    .option('--spool <folder>', 'spool folder with the statusline records (default $SESSION_DOCTOR_SPOOL or ~/.session-doctor/spool)')
    .action(async (opts: { json?: boolean; spool?: string }, cmd: Command) => {
      const { io, clock } = ctx;
      const home = io.home ?? os.homedir();
      const now = clock.now();
      const tz = io.env.TZ || undefined;
      const { records, codex, rows } = readMachineLimits(io.env, home, now, opts.spool ?? spoolFolder(io.env, home));
      const file = ctx.storePath(cmd);
      const { store } = await ctx.openStore(file);
      const sessions = newEngine(store, { activeWindowMs: ALL_TIME_MS }, clock).snapshot();
      store.close();
      const halted = haltedSessions(sessions, latestGauges([...records.flatMap((r) => r.gauges), ...codex], now), tz);
      if (opts.json) {
        ctx.print(redactedJson({ generatedAt: now, gauges: rows, halted }, 2) + '\n');
        return;
      }
      let out = renderGauges(rows, now, tz);
      if (halted.length > 0) {
        out += '\nHalted by a usage limit:\n';
        for (const h of halted) {
          const when = h.resetsAt
            ? `can resume at ${clockTime(h.resetsAt, now, tz)}${h.resetsAt > now ? ` (in ${duration(h.resetsAt - now)})` : ' (the reset has passed)'}${h.estimated ? ', estimated' : ''}`
            : 'reset time unknown';
          out += `  ${h.agent} ${h.project} ${h.sessionId.slice(0, 8)}: ${when}\n`;
        }
      }
      ctx.print(out);
    });
}
