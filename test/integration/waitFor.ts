// Polling helper for tests: wait for a condition instead of sleeping blindly.

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Poll every intervalMs (default 50 ms). */
  intervalMs?: number;
  /** Describes what was awaited; put in the timeout error. May be a function evaluated on timeout. */
  message?: string | (() => string);
}

/**
 * Calls `condition` until it returns a truthy value (or a promise of one) and returns that value.
 * Exceptions thrown by `condition` count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, message }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const started = Date.now();
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) {
        return value as NonNullable<T>;
      }
      lastValue = value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const what = typeof message === 'function' ? message() : (message ?? 'condition');
      const detail =
        lastError !== undefined
          ? `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
          : `; last value: ${safeString(lastValue)}`;
      throw new Error(`waitFor timed out after ${elapsed} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, timeoutMs - elapsed))));
  }
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  } catch {
    return String(v);
  }
}
