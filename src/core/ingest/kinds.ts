/**
 * The registry of transcript kinds: for each agent whose files Session Doctor reads, where its files live, how to find
 * them and how they parse. The extension's file sources and the CLI (`session-doctor scan/watch`) both read this list,
 * so a new agent format is added in one place. Pure module: no `vscode`, no Node built-ins.
 *
 * Two reading modes:
 * - `lines`: append-only JSONL or text logs (Claude Code, Codex rollouts, Aider, generic logs), read incrementally by the
 *   {@link Tailer} with a {@link TranscriptFormat};
 * - `document`: a whole JSON document the agent rewrites (e.g. a chat file saved after each message), parsed whole by a
 *   {@link DocumentFormat}; the reader remembers how many events of the file it already ingested and feeds only the new ones.
 */
import type { AgentEvent, AgentKind } from '../model/event';
import type { FileAccess, TranscriptFormat } from './tailer';
import { claudeFormat } from '../agents/claude/kind';
import { TranscriptFile, discoverClaudeTranscripts } from '../agents/claude/discovery';
import { aiderKind } from '../agents/aider/kind';
import { codexKind } from '../agents/codex/kind';
import { geminiKind } from '../agents/gemini/kind';

/** Where the agent's files are by default, from the environment. */
export interface RootContext {
  /** Environment variables (process.env in the extension host or CLI). */
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder, absolute. */
  home: string;
  /** Open workspace folders (absolute paths); [] for the CLI unless given. */
  workspaceFolders: readonly string[];
  /** Joins path segments with the host's separator. */
  join(...parts: string[]): string;
}

/** What one whole-document parse gives. */
export type DocumentResult =
  | { ok: true; sessionId: string; events: AgentEvent[]; info: { cwd?: string; title?: string } }
  | { ok: false; error: string };

/** A format whose files are whole JSON documents rewritten by the agent. `parseDocument` must not throw. */
export interface DocumentFormat {
  agent: AgentKind;
  /**
   * Parses the whole file text. Events must come out in the same order on every parse of a file that only grew,
   * so the reader can skip the first N it already ingested.
   */
  parseDocument(text: string, file: string, fallbackSessionId: string): DocumentResult;
}

/** One kind of transcript an agent writes. */
export type TranscriptKind = {
  /** Stable id, used in settings (`sessionDoctor.sources.<id>.enabled`) and the CLI (`--format <id>`). */
  id: string;
  agent: AgentKind;
  /** Human name for the README and the logs, e.g. "Claude Code transcripts". */
  label: string;
  /** The folders or files searched when no roots are configured (may be []). */
  defaultRoots(ctx: RootContext): string[];
  /** Lists the kind's files under `roots` modified at or after `sinceMs` (epoch ms). Never throws. */
  discover(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]>;
  /** True when a path given on its own (CLI `scan <path>`) looks like this kind's file (by name/location). */
  matchesPath(path: string): boolean;
  /** True when the first line (or the start) of a file's text looks like this kind's format; used when the path says nothing. */
  sniff(head: string): boolean;
} & ({ reader: 'lines'; format: TranscriptFormat } | { reader: 'document'; format: DocumentFormat });

/** Claude Code 2.x: `$CLAUDE_CONFIG_DIR/projects` or `~/.claude/projects`, `<project>/<session-id>.jsonl`. */
export const claudeKind: TranscriptKind = {
  id: 'claude-code',
  agent: 'claude-code',
  label: 'Claude Code transcripts',
  reader: 'lines',
  format: claudeFormat,
  defaultRoots: (ctx) => [ctx.env.CLAUDE_CONFIG_DIR ? ctx.join(ctx.env.CLAUDE_CONFIG_DIR, 'projects') : ctx.join(ctx.home, '.claude', 'projects')],
  discover: (fs, roots, sinceMs) => discoverClaudeTranscripts(fs, roots, sinceMs),
  matchesPath: (path) => /[\\/]\.claude[\\/]projects[\\/]/.test(path) || /[\\/]subagents[\\/][^\\/]+\.jsonl$/.test(path),
  sniff: (head) => /^\s*\{.*"(?:sessionId|parentUuid)"\s*:/.test(head) && /"type"\s*:\s*"(?:user|assistant|system|summary|queue-operation|file-history-snapshot|ai-title)"/.test(head),
};

/**
 * Every kind, in the order a path or a head is tried. Helpers adding a format append one entry here (and nothing else
 * in this file).
 */
export const TRANSCRIPT_KINDS: TranscriptKind[] = [claudeKind, codexKind, geminiKind, aiderKind];

/** The kind with this id, if any. */
export function transcriptKind(id: string): TranscriptKind | undefined {
  return TRANSCRIPT_KINDS.find((k) => k.id === id);
}

/** The kind of a file: by path first, then by its head (first line or first 4 KiB); undefined when none claims it. */
export function kindForFile(path: string, head: string): TranscriptKind | undefined {
  return TRANSCRIPT_KINDS.find((k) => k.matchesPath(path)) ?? TRANSCRIPT_KINDS.find((k) => k.sniff(head));
}
