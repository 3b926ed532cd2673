/**
 * The limits record of one session in the spool: `<spool folder>/limits/<session id>.json`, rewritten by
 * `session-doctor statusline` each time Claude Code calls it. It holds the last status-line snapshot and a short history
 * of the windows' used percentages (the pace forecast's samples). Shape (version 1):
 * `{version: 1, agent, sessionId, cwd?, transcriptPath?, model?, costUsd?, contextUsedPercent?, contextWindowSize?,
 * updatedAt, gauges: LimitGauge[], samples: [{at, w: {<window>: usedPercent}}]}`. Pure module; never throws.
 */
import { LimitGauge, finite } from './gauge';
import type { StatusLineSnapshot } from './statusLine';
import type { UsageSample } from './paceForecast';

/** One history point: the used percentage of each window at `at` (epoch ms). */
export interface RecordSample {
  at: number;
  w: Record<string, number>;
}

/** The stored record of one session. */
export interface LimitRecord extends Omit<StatusLineSnapshot, 'gauges'> {
  version: 1;
  agent: string;
  /** Epoch ms of the last payload. */
  updatedAt: number;
  gauges: LimitGauge[];
  samples: RecordSample[];
}

/** Most samples kept per session. */
export const MAX_SAMPLES = 120;
/** A sample is added when a window's percentage changed, or this long after the last one (ms). */
export const SAMPLE_EVERY_MS = 5 * 60_000;

/** The record after payload `snap` arrived at `nowMs`, from the previous record (if any). */
export function updateRecord(prev: LimitRecord | undefined, snap: StatusLineSnapshot, nowMs: number): LimitRecord {
  const samples = prev && prev.sessionId === snap.sessionId ? [...prev.samples] : [];
  const w: Record<string, number> = {};
  for (const g of snap.gauges) {
    w[g.window] = g.usedPercent;
  }
  const last = samples[samples.length - 1];
  const changed = !last || Object.keys(w).some((k) => last.w[k] !== w[k]);
  if (Object.keys(w).length > 0 && (changed || nowMs - last.at >= SAMPLE_EVERY_MS)) {
    samples.push({ at: nowMs, w });
  }
  return {
    ...snap,
    version: 1,
    agent: 'claude-code',
    updatedAt: nowMs,
    gauges: snap.gauges.length > 0 ? snap.gauges : (prev?.gauges ?? []),
    samples: samples.slice(-MAX_SAMPLES),
  };
}

/** Reads a stored record; undefined when the text is not a version-1 record (a broken file is skipped, not fatal). */
export function parseLimitRecord(text: string): LimitRecord | undefined {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object') {
    return undefined;
  }
  const r = o as Partial<LimitRecord>;
  if (r.version !== 1 || typeof r.sessionId !== 'string' || finite(r.updatedAt) === undefined) {
    return undefined;
  }
  const gauges = Array.isArray(r.gauges)
    ? r.gauges.filter((g) => g && typeof g.window === 'string' && finite(g.usedPercent) !== undefined && typeof g.account === 'string')
    : [];
  const samples = Array.isArray(r.samples)
    ? r.samples.filter((s) => s && finite(s.at) !== undefined && s.w && typeof s.w === 'object')
    : [];
  return { ...(r as LimitRecord), gauges, samples };
}

/** The samples of one window from a record, for the pace forecast. */
export function windowSamples(rec: LimitRecord, window: string): UsageSample[] {
  return rec.samples.filter((s) => finite(s.w[window]) !== undefined).map((s) => ({ at: s.at, usedPercent: s.w[window] }));
}

/** A file name for a session id: only `[A-Za-z0-9._-]` kept, other characters as `_`. */
export function recordFileName(sessionId: string): string {
  return `${sessionId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120)}.json`;
}
