/**
 * Which lines an agent prints in a terminal become events: its own error lines the detector classifies, into the
 * terminal's session while the run is not tied to a transcript, else only the retry lines (transcripts do not record the
 * retries in progress). Retry lines that do not name their error yet wait until a later line of the same run names it.
 * Pure module.
 */
import { clipText, type AgentEvent, type AgentKind } from '../model/event';
import { redactSecrets } from '../ingest/redact';
import { statusIn } from '../detection/status';
import { printedResumeId } from '../agents/commandLine';
import { looksLikeAgentError } from './terminalText';

/** Unnamed retry lines kept per run, and for how long (ms). */
export const MAX_PENDING_RETRIES = 20;
export const PENDING_RETRY_MS = 10 * 60_000;

/** A line that reports a retry in progress (Claude Code: `· retrying in 8s · attempt 5/10`; Codex: `retrying 1/5 in 200ms`). */
const RETRY_STATUS = /\bretrying\b|\battempt \d+ ?\/ ?\d+\b/i;

/** What the line policy reads and updates of one agent run in a terminal. */
export interface TerminalRunLines {
  command: { agent: AgentKind };
  cwd?: string;
  /** The run's own session, `terminal:<name>:<n>`. */
  terminalSessionId: string;
  /** The transcript session the run is tied to, once known. */
  tiedId?: string;
  /** Agent error lines seen (updated). */
  errorLines: number;
  /**
   * Retry lines that do not name their error yet (Claude Code 2.1.330: `✻ API error · retrying in 3s · attempt 1/3`; it
   * names the status from a later attempt on), kept until a line of the same run names it (at most
   * {@link MAX_PENDING_RETRIES}, for {@link PENDING_RETRY_MS}); updated.
   */
  pendingRetries: { line: string; at: number }[];
}

/**
 * The events of one settle's `lines` (`now`: epoch ms). `classify` is the detector (a line it does not classify gives no
 * event); `tie` is called to tie the run to its transcript: once before the lines when an untied run shows an agent error
 * (the transcript exists by then), and with the id an agent prints for resuming. Updates `run`'s counters.
 */
export function eventsOfLines(
  run: TerminalRunLines,
  lines: readonly string[],
  now: number,
  classify: (line: string) => unknown,
  tie: (printedId?: string) => void,
): AgentEvent[] {
  const events: AgentEvent[] = [];
  if (!run.tiedId && lines.some((l) => looksLikeAgentError(l))) {
    tie();
  }
  for (const line of lines) {
    const printedId = printedResumeId(line);
    if (printedId && !run.tiedId) {
      tie(printedId);
    }
    if (!looksLikeAgentError(line)) {
      continue;
    }
    const retry = RETRY_STATUS.test(line);
    if (!classify(line)) {
      if (retry) {
        run.pendingRetries = [...run.pendingRetries.filter((p) => now - p.at < PENDING_RETRY_MS), { line, at: now }].slice(
          -MAX_PENDING_RETRIES,
        );
      }
      continue;
    }
    run.errorLines++;
    // The earlier attempts of the same retry loop failed for the reason this line names: they count as occurrences of it,
    // at their own time.
    const named = run.pendingRetries.map((p) => ({ text: `${line} (earlier attempt: ${p.line})`, at: p.at }));
    run.pendingRetries = [];
    const sessionId = run.tiedId ?? run.terminalSessionId;
    for (const p of named) {
      events.push(terminalErrorEvent(run, sessionId, p.text, p.at));
    }
    // A tied run: only the retry lines ("429 ... · retrying in 8s · attempt 5/10"); the rest is in the transcript already.
    if (!run.tiedId || retry) {
      events.push(terminalErrorEvent(run, sessionId, line, now));
    }
  }
  return events;
}

/** An `error` event of a raw terminal line (redacted, clipped, with the status it names) in `sessionId` at `now` (epoch ms). */
export function terminalErrorEvent(run: TerminalRunLines, sessionId: string, text: string, now: number): AgentEvent {
  return {
    sessionId,
    agent: run.command.agent,
    timestamp: now,
    kind: 'error',
    rawLine: true,
    text: clipText(redactSecrets(text)),
    httpStatus: statusIn(text),
    isError: true,
    cwd: run.cwd,
  };
}
