/**
 * Line formats whose lines carry no time of their own (Aider's chat history). Pure module.
 */
import type { AgentEvent } from '../model/event';
import type { TranscriptFormat } from './tailer';

/**
 * A line format whose lines carry no time of their own (Aider's chat history: only a "chat started at" header). Its
 * events are stamped with the session's start while catching up; read live, they are stamped with the time they were
 * read (timestamp 0: the engine's clock), so a running session does not look hours old.
 */
export interface UntimedLineFormat extends TranscriptFormat {
  untimedLines: true;
}

/** For an {@link UntimedLineFormat} read live, the same format with its events stamped "now" (timestamp 0); others as they are. */
export function liveFormat(format: TranscriptFormat): TranscriptFormat {
  if (!('untimedLines' in format)) {
    return format;
  }
  return {
    agent: format.agent,
    parseLine(line, origin, fallback) {
      const r = format.parseLine(line, origin, fallback);
      return r.ok ? { ...r, events: r.events.map((e): AgentEvent => ({ ...e, timestamp: 0 })) } : r;
    },
  };
}
