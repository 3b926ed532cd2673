/** Claude Code's transcript format as a {@link TranscriptFormat} for the tailer. Pure module. */
import type { TranscriptFormat } from '../../ingest/tailer';
import { parseClaudeLine } from './transcript';

/** Claude Code 2.x `~/.claude/projects/<project>/<session-id>.jsonl` lines, parsed by {@link parseClaudeLine}. */
export const claudeFormat: TranscriptFormat = {
  agent: 'claude-code',
  parseLine: (line, origin, fallbackSessionId) => parseClaudeLine(line, origin, fallbackSessionId),
};
