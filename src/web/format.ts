/** How the pages write numbers and times. */

/** Token count in short form: 950, 12.3k, 1.2M. */
export function tokens(n: number): string {
  if (n < 1000) {
    return String(Math.round(n));
  }
  if (n < 1_000_000) {
    return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  }
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** USD with cents, or four decimals under one cent (as the tree and the report write it). */
export function usd(n: number): string {
  return n > 0 && n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

/** Percent with at most one decimal. */
export function percent(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : `${Math.round(n * 10) / 10}%`;
}

/** Local date and time, e.g. "Nov 30, 14:05:09". */
export function time(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Local date, e.g. "Nov 30". */
export function day(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** "3m ago", "2h ago", "5d ago". */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) {
    return `${s}s ago`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ago`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)}h ago`;
  }
  return `${Math.floor(s / 86400)}d ago`;
}

/** A duration: "850 ms", "12 s", "3 min". */
export function duration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 120_000) {
    return `${Math.round(ms / 1000)} s`;
  }
  return `${Math.round(ms / 60_000)} min`;
}
