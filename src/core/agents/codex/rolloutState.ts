/**
 * Codex CLI rollout parser, state between lines: the model of the turn, the session's working directory and token total,
 * and the tool name of each call id ({@link CodexParseState}), bounded.
 */

import { TokenUsage } from '../../model/event';

/**
 * What the parser remembers between lines of one rollout: the model of the current turn (for usage and cost), the
 * session's working directory, its running token total (to count each response once), and the tool name of each call id
 * (for the results). Bounded: at most {@link MAX_REMEMBERED} entries each, oldest dropped.
 */
export class CodexParseState {
  private readonly models = new Map<string, string>();
  private readonly cwds = new Map<string, string>();
  private readonly calls = new Map<string, string>();
  private readonly totals = new Map<string, TokenUsage>();

  /** The working directory last seen for `sessionId`, if any. */
  cwd(sessionId: string): string | undefined {
    return this.cwds.get(sessionId);
  }

  setCwd(sessionId: string, cwd: string): void {
    remember(this.cwds, sessionId, cwd);
  }

  /** The model last seen for `sessionId`, if any. */
  model(sessionId: string): string | undefined {
    return this.models.get(sessionId);
  }

  setModel(sessionId: string, model: string): void {
    remember(this.models, sessionId, model);
  }

  /** The tool name of call `callId`, if its call was seen. */
  toolName(callId: string): string | undefined {
    return this.calls.get(callId);
  }

  setToolName(callId: string, name: string): void {
    remember(this.calls, callId, name);
  }

  /** The session's running token total last seen (`token_count` `total_token_usage`), if any. */
  total(sessionId: string): TokenUsage | undefined {
    return this.totals.get(sessionId);
  }

  setTotal(sessionId: string, total: TokenUsage): void {
    remember(this.totals, sessionId, total);
  }
}

/** Entries kept per map of {@link CodexParseState}. */
export const MAX_REMEMBERED = 1000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) {
      map.delete(oldest);
    }
  }
}
