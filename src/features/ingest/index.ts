/**
 * **Session Doctor: Ingest Event**: asks for a session id, a text and an optional budget used (USD), and feeds them to
 * the engine as an error event of that session, exactly like the exported API `ingestEvent(sessionId, text,
 * { budgetUsed })` (session-doctor's `ingest_event`). Also takes `{ sessionId, text, budgetUsed? }` as its argument.
 */
import * as vscode from 'vscode';
import { checkIngestArgs } from '../../core/agents/spool/spool';
import { COMMAND_IDS } from '../../manifest/commands';
import { registerCommand } from '../../host/vscode/commands';
import type { Services } from '../../host/vscode/services';

/** Registers the command (disposed with the extension). Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: Pick<Services, 'engine' | 'log'>): void {
  const { engine, log } = services;
  context.subscriptions.push(
    registerCommand(
      COMMAND_IDS.ingestEvent,
      async (arg?: unknown) => {
        let input: { sessionId?: unknown; text?: unknown; budgetUsed?: unknown } | undefined =
          arg && typeof arg === 'object' ? (arg as object) : undefined;
        if (!input) {
          const sessionId = await vscode.window.showInputBox({
            title: 'Ingest Event (1/3)',
            prompt: 'Session id',
            placeHolder: 'e.g. 3f2c... or my-agent-run-42',
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() ? undefined : 'A session id is needed.'),
          });
          if (sessionId === undefined) {
            return undefined;
          }
          const text = await vscode.window.showInputBox({
            title: 'Ingest Event (2/3)',
            prompt: 'What the agent printed (an error line)',
            placeHolder: 'e.g. API Error: 429 rate_limit_error',
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() ? undefined : 'A text is needed.'),
          });
          if (text === undefined) {
            return undefined;
          }
          const budget = await vscode.window.showInputBox({
            title: 'Ingest Event (3/3)',
            prompt: 'Budget used so far, USD (optional)',
            placeHolder: 'leave empty for none',
            ignoreFocusOut: true,
            validateInput: (v) => (!v.trim() || (Number.isFinite(Number(v)) && Number(v) >= 0) ? undefined : 'A number of USD, 0 or more.'),
          });
          if (budget === undefined) {
            return undefined;
          }
          input = { sessionId, text, budgetUsed: budget.trim() ? Number(budget) : undefined };
        }
        const a = checkIngestArgs(input.sessionId, input.text, input.budgetUsed);
        const found = engine.ingestText(a.sessionId, a.text, { budgetUsed: a.budgetUsed });
        log.info(
          `Ingested an event into ${a.sessionId}: ${found.length ? found.map((f) => `${f.type} (${f.severity})`).join(', ') : 'no finding'}`,
        );
        if (!arg) {
          vscode.window.setStatusBarMessage(
            `$(cloud-download) Session Doctor: ${found.length ? found.map((f) => f.title).join(', ') : 'no finding'} in ${a.sessionId}`,
            5000,
          );
        }
        return found;
      },
      log,
    ),
  );
}
