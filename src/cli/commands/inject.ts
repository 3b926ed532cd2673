/** `session-doctor inject`: a test error of a failure type, added to a session in the store. */
import type { Command } from 'commander';
import { FAILURE_TYPES, STRATEGY_LABELS, isFailureType } from '../../core/model/failures';
import { saveStoreFile } from '../../host/node/storeFile';
import { newEngine } from '../common';
import { CliContext, UsageError } from '../context';
import { findingJson, redactedJson, sessionJson } from '../render';

/** Adds `inject` to `program`. */
export function addInjectCommand(program: Command, ctx: CliContext): void {
  program
    .command('inject')
    .description('add a test error of a failure type to a session in the store, as the agent would have written it')
    .argument('<session>', 'session id (created if new)')
    .argument('<type>', `failure type: ${FAILURE_TYPES.join(', ')}`)
    .option('--json', 'print the findings as JSON')
    .action(async (sessionId: string, type: string, opts: { json?: boolean }, cmd: Command) => {
      if (!isFailureType(type)) {
        throw new UsageError(`Unknown failure type "${type}". Failure types: ${FAILURE_TYPES.join(', ')}`);
      }
      const file = ctx.storePath(cmd);
      const { store } = await ctx.openStore(file);
      const engine = newEngine(store, {}, ctx.clock);
      const findings = engine.injectTestError(sessionId, type);
      await saveStoreFile(store, file);
      const session = engine.session(sessionId);
      if (opts.json) {
        ctx.print(redactedJson({ store: file, session: session && sessionJson(session), findings: findings.map(findingJson) }, 2) + '\n');
      } else {
        ctx.print(`Injected ${type} into session ${sessionId} (store ${file}).\n`);
        for (const f of findings) {
          ctx.print(
            `  ${f.severity} ${f.type} -> ${STRATEGY_LABELS[f.strategy]}${f.escalation ? ` [${f.escalation}]` : ''} (x${f.count})\n`,
          );
        }
        if (findings.length === 0) {
          ctx.print('  No new finding (an open finding of this type already counts it).\n');
        }
      }
      store.close();
    });
}
