export interface BackoffOptions {
  /** First retry waits up to this long; each later one doubles the ceiling. */
  baseMs: number;
  /** Ceiling of any single wait. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * "Full jitter": a uniform wait in [0, min(cap, base·2^(n−1))) before retry n, so clients that failed
 * together do not retry together.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  return random() * Math.min(options.capMs, options.baseMs * 2 ** (retry - 1));
}

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number = Date.now()): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names a month; without this Date.parse would read "-1" as a year.
  const dateMs = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(dateMs) ? null : Math.max(0, dateMs - nowMs);
}
