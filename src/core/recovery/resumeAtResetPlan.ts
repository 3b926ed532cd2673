/**
 * What a resume at reset does for one session, decided from the agent's recipe and what the host found: type the
 * recipe's continue text into the terminal that still runs the agent; or, when the agent has ended and the user asked
 * for it (the ask notification's "Resume in New Terminal", or `sessionDoctor.recovery.resumeInNewTerminal` in auto
 * mode), start the recipe's resume command (`claude --resume <id>`, `codex resume <id>`, `gemini --resume <id>`) in a
 * new terminal; else nothing, with the reason. Pure module.
 */
import { agentPlugin } from '../agents/index';
import type { Recipe } from '../agents/plugin';
import { resumeCommandFor } from './recoveryActions';

/** The resume to carry out, or why there is none. */
export type ResumePlan = { kind: 'type'; text: string } | { kind: 'newTerminal'; command: string } | { kind: 'none'; why: string };

/** What the host knows when a resume is due. */
export interface ResumeFacts {
  /** A VS Code terminal still runs the session's agent. */
  terminalRunsAgent: boolean;
  /** The user asked to start the agent again when it has ended (a choice in ask mode, or the setting in auto mode). */
  startWhenEnded: boolean;
}

/**
 * The plan for session `sessionId` with the agent's (trusted) `recipe`. Never throws: a resume command that cannot be
 * built (an id unsafe in a shell) is a `none` with the reason.
 */
export function resumePlan(recipe: Recipe, sessionId: string, facts: ResumeFacts): ResumePlan {
  if (facts.terminalRunsAgent) {
    return recipe.continue ? { kind: 'type', text: recipe.continue } : { kind: 'none', why: "the agent's recipe has no continue text" };
  }
  if (!facts.startWhenEnded) {
    return { kind: 'none', why: 'no VS Code terminal runs the agent any more' };
  }
  if (!recipe.resume) {
    return { kind: 'none', why: 'no VS Code terminal runs the agent any more, and its recipe has no resume command' };
  }
  try {
    return { kind: 'newTerminal', command: resumeCommandFor(recipe.resume, sessionId) };
  } catch (e) {
    return { kind: 'none', why: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The names a terminal running the agent may carry or start with: the plug-in's program names and display name, plus
 * `extra` (Claude Code: `sessionDoctor.claudeCode.terminalNames`).
 */
export function agentTerminalNames(agent: string, extra: readonly string[] = []): string[] {
  const p = agentPlugin(agent);
  return [...new Set([...p.programs, p.displayName, ...extra])];
}
