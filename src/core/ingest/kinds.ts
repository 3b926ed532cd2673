/**
 * The registry of transcript kinds, derived from the agent plug-ins (src/core/agents/index.ts): for each agent whose files
 * Session Doctor reads, where its files live, how to find them and how they parse. The extension's file sources and the CLI
 * (`session-doctor scan/watch`) both read this list. Pure module: no `vscode`, no Node built-ins.
 */
import { AGENTS } from '../agents/index';
import type { TranscriptKind } from './transcriptKind';

export type { DocumentFormat, DocumentResult, RootContext, TranscriptKind } from './transcriptKind';

/** Every kind of every agent, in the order a path or a head is tried. */
export const TRANSCRIPT_KINDS: TranscriptKind[] = AGENTS.flatMap((a) => a.kinds);

/** The kind with this id, if any. */
export function transcriptKind(id: string): TranscriptKind | undefined {
  return TRANSCRIPT_KINDS.find((k) => k.id === id);
}

/** The kind of a file: by path first, then by its head (first line or first 4 KiB); undefined when none claims it. */
export function kindForFile(path: string, head: string): TranscriptKind | undefined {
  return TRANSCRIPT_KINDS.find((k) => k.matchesPath(path)) ?? TRANSCRIPT_KINDS.find((k) => k.sniff(head));
}
