/**
 * Builds live Claude Code transcript lines for the end-to-end tests from the real fixture lines (test/fixtures/claude,
 * written by claude-code 2.1.330): each template line is copied with a new session id, cwd, uuid and the current time, so
 * what the tests append has exactly the shape the real CLI writes. Plain Node (used in the extension host and by the
 * page-side checks).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The template lines, by what they are. */
export type TemplateKind = 'prompt' | 'reply' | 'rateLimit429' | 'promptTooLong' | 'auth401';

const TEMPLATES: Record<TemplateKind, { file: string; pick: (o: Record<string, unknown>) => boolean }> = {
  prompt: { file: 'happy.jsonl', pick: (o) => o.type === 'user' && !o.isMeta },
  reply: { file: 'happy.jsonl', pick: (o) => o.type === 'assistant' && !o.isApiErrorMessage },
  rateLimit429: { file: 'rate_limit_forever.jsonl', pick: (o) => o.type === 'system' && o.subtype === 'api_error' },
  promptTooLong: { file: 'prompt_too_long.jsonl', pick: (o) => o.isApiErrorMessage === true },
  auth401: { file: 'auth_401.jsonl', pick: (o) => o.isApiErrorMessage === true },
};

/** One transcript line (with its newline) of `kind` for `sessionId` in `cwd`, stamped `when` (epoch ms). */
export function transcriptLine(
  fixturesDir: string,
  kind: TemplateKind,
  sessionId: string,
  cwd: string,
  when = Date.now(),
  retryAttempt?: number,
): string {
  const t = TEMPLATES[kind];
  const lines = fs
    .readFileSync(path.join(fixturesDir, 'claude', t.file), 'utf8')
    .split('\n')
    .filter(Boolean);
  const found = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find(t.pick);
  if (!found) {
    throw new Error(`no ${kind} line in ${t.file}`);
  }
  const o: Record<string, unknown> = { ...found, sessionId, cwd, timestamp: new Date(when).toISOString(), uuid: crypto.randomUUID() };
  if (retryAttempt !== undefined && 'retryAttempt' in o) {
    o.retryAttempt = retryAttempt;
  }
  return JSON.stringify(o) + '\n';
}

/** Claude Code's project folder name for a cwd: every character other than a letter, digit or `-` becomes `-`. */
export function claudeProjectName(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9-]/g, '-');
}
