/**
 * What the pages ask of the host, apart from their data: open a session, run a recovery (the same commands, with the same
 * argument shapes, as the Sessions tree), open the transcript at a finding's or an event's line.
 */
import * as vscode from 'vscode';
import type { PageMessage } from '../../core/dashboard/protocol';
import type { FileAccess } from '../../core/ingest/tailer';
import type { SessionSnapshot } from '../../core/model/snapshot';
import { COMMAND_IDS, RECOVERY_ACTION_COMMANDS } from '../../manifest/commands';

/** What the actions need. */
export interface PageActionDeps {
  session(id: string): SessionSnapshot | undefined;
  fs: FileAccess;
  openOverview(): void;
  openSession(sessionId: string): void;
}

/** Bytes read per chunk when counting lines up to an offset. */
const CHUNK = 1 << 20;

/** The 0-based line that starts at byte `offset` of a file: the newlines before it. */
export async function lineAtOffset(fs: FileAccess, file: string, offset: number): Promise<number> {
  let line = 0;
  for (let at = 0; at < offset; at += CHUNK) {
    const bytes = await fs.read(file, at, Math.min(CHUNK, offset - at));
    if (bytes.length === 0) {
      break;
    }
    for (const b of bytes) {
      if (b === 0x0a) {
        line++;
      }
    }
  }
  return line;
}

/**
 * Runs a page's request. `ready` is answered by the panel itself and ignored here. Throws (for the caller's error
 * message) when the session is no longer known or has no transcript.
 */
export async function runPageAction(msg: PageMessage, deps: PageActionDeps): Promise<void> {
  switch (msg.type) {
    case 'openOverview':
      deps.openOverview();
      return;
    case 'openSession':
      deps.openSession(msg.sessionId);
      return;
    case 'runAction': {
      // The tree's argument shapes: a finding node for a finding's actions, a session node otherwise.
      const arg =
        msg.findingId !== undefined
          ? { kind: 'finding', sessionId: msg.sessionId, findingId: msg.findingId }
          : { kind: 'session', sessionId: msg.sessionId };
      await vscode.commands.executeCommand(RECOVERY_ACTION_COMMANDS[msg.action], arg);
      return;
    }
    case 'openTranscript':
      await vscode.commands.executeCommand(
        COMMAND_IDS.openTranscript,
        msg.findingId !== undefined
          ? { kind: 'finding', sessionId: msg.sessionId, findingId: msg.findingId }
          : { kind: 'session', sessionId: msg.sessionId },
      );
      return;
    case 'openLine': {
      const s = deps.session(msg.sessionId);
      if (!s?.file) {
        throw new Error('No transcript file is known for this session.');
      }
      const line = await lineAtOffset(deps.fs, s.file, msg.offset);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(s.file));
      const position = new vscode.Position(Math.min(line, Math.max(0, doc.lineCount - 1)), 0);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), preview: true });
      return;
    }
    case 'ready':
      return;
  }
}
