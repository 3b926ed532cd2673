/** Claude Code's transcripts as a {@link TranscriptKind}: where they live, how they are found, how they parse. Pure module. */
import type { TranscriptFormat } from '../../ingest/tailer';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import { discoverClaudeTranscripts } from './discovery';
import { parseClaudeLine } from './transcript';

/** Claude Code 2.x `~/.claude/projects/<project>/<session-id>.jsonl` lines, parsed by {@link parseClaudeLine}. */
export const claudeFormat: TranscriptFormat = {
  agent: 'claude-code',
  parseLine: (line, origin, fallbackSessionId) => parseClaudeLine(line, origin, fallbackSessionId),
};

/** Claude Code 2.x: `$CLAUDE_CONFIG_DIR/projects` or `~/.claude/projects`, `<project>/<session-id>.jsonl`. */
export const claudeKind: TranscriptKind = {
  id: 'claude-code',
  agent: 'claude-code',
  label: 'Claude Code transcripts',
  reader: 'lines',
  format: claudeFormat,
  defaultRoots: (ctx) => [
    ctx.env.CLAUDE_CONFIG_DIR ? ctx.join(ctx.env.CLAUDE_CONFIG_DIR, 'projects') : ctx.join(ctx.home, '.claude', 'projects'),
  ],
  discover: (fs, roots, sinceMs) => discoverClaudeTranscripts(fs, roots, sinceMs),
  matchesPath: (path) => /[\\/]\.claude[\\/]projects[\\/]/.test(path) || /[\\/]subagents[\\/][^\\/]+\.jsonl$/.test(path),
  sniff: (head) => sniffClaude(head.split('\n', 1)[0]),
};

/**
 * True when a file's first line is a Claude Code transcript line: an object with a `type` and one of Claude Code's ids
 * (`sessionId`, `parentUuid`, `leafUuid`, `messageId`), and none of the marks of the formats whose first lines also carry
 * a `type` and a `sessionId`: Codex's `payload`, Gemini CLI's `projectHash`, Qwen Code's `provenance`, `systemPayload` or
 * Gemini-style message `parts`.
 */
function sniffClaude(first: string): boolean {
  return (
    /^\s*\{/.test(first) &&
    /"type"\s*:\s*"[A-Za-z_-]+"/.test(first) &&
    /"(?:sessionId|parentUuid|leafUuid|messageId)"\s*:/.test(first) &&
    !/"(?:payload|projectHash|provenance|systemPayload)"\s*:|"parts"\s*:\s*\[/.test(first)
  );
}
