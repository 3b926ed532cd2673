/**
 * Codex CLI rollouts as a {@link TranscriptKind}: where they live, how they are found, how they parse. Layout (Codex CLI
 * 0.169.0): `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<YYYY-MM-DDThh-mm-ss local time>-<session uuid>.jsonl`, CODEX_HOME
 * defaulting to `~/.codex`. Pure module: file access through {@link FileAccess}.
 */
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess, TranscriptFormat } from '../../ingest/tailer';
import { CodexParseState, parseCodexLine } from './rollout';

const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;
const ROLLOUT_NAME = /^rollout-.*\.jsonl$/;

/** The session id in a rollout file name (`rollout-2026-11-23T16-49-47-<uuid>.jsonl` -> `<uuid>`), else the name without `.jsonl`. */
export function codexSessionIdFromName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  return UUID.exec(base)?.[1] ?? base.replace(/\.jsonl$/, '');
}

/**
 * A Codex rollout format for the tailer, with its own {@link CodexParseState} (the turn's model, the session's cwd and the
 * tool name of each call id, carried from line to line; bounded). One instance can serve many files.
 */
export function createCodexFormat(): TranscriptFormat {
  const state = new CodexParseState();
  return {
    agent: 'codex',
    parseLine: (line, origin, fallbackSessionId) => {
      const r = parseCodexLine(line, origin, fallbackSessionId, state);
      return r.ok ? { ok: true, events: r.events, info: { sessionId: r.info.sessionId, cwd: r.info.cwd, title: r.info.title } } : r;
    },
  };
}

/** The shared Codex rollout format (see {@link createCodexFormat}). */
export const codexFormat: TranscriptFormat = createCodexFormat();

/**
 * Lists the rollouts under `roots` (each a `sessions` folder) modified at or after `sinceMs` (epoch ms), newest first.
 * Every day folder is listed: a resumed session keeps appending to the file in the folder of the day it started, so the
 * folder's date says nothing about the file's last write; the file's mtime decides. Missing roots and unreadable entries
 * are skipped; never throws.
 */
export async function discoverCodexRollouts(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  const list = (p: string): Promise<string[]> => listNames(fs, p);
  for (const root of roots) {
    for (const year of (await list(root)).filter((n) => /^\d{4}$/.test(n))) {
      const yearDir = fs.join(root, year);
      for (const month of (await list(yearDir)).filter((n) => /^\d{2}$/.test(n))) {
        const monthDir = fs.join(yearDir, month);
        for (const day of (await list(monthDir)).filter((n) => /^\d{2}$/.test(n))) {
          const dayDir = fs.join(monthDir, day);
          for (const name of (await list(dayDir)).filter((n) => ROLLOUT_NAME.test(n))) {
            await found.add(fs.join(dayDir, name), codexSessionIdFromName(name));
          }
        }
      }
    }
  }
  return found.newestFirst();
}

/** Codex CLI rollouts: `$CODEX_HOME/sessions` or `~/.codex/sessions`, `YYYY/MM/DD/rollout-*-<uuid>.jsonl`. */
export const codexKind: TranscriptKind = {
  id: 'codex',
  agent: 'codex',
  label: 'Codex CLI rollouts',
  reader: 'lines',
  format: codexFormat,
  defaultRoots: (ctx) => [ctx.env.CODEX_HOME ? ctx.join(ctx.env.CODEX_HOME, 'sessions') : ctx.join(ctx.home, '.codex', 'sessions')],
  discover: (fs, roots, sinceMs) => discoverCodexRollouts(fs, roots, sinceMs),
  matchesPath: (path) => /(?:^|[\\/])rollout-[^\\/]*\.jsonl$/.test(path),
  sniff: (head) => /^\s*\{.*"type"\s*:\s*"(?:session_meta|response_item|event_msg|turn_context)"/.test(head) && /"payload"\s*:/.test(head),
};
