import { UploadError } from './errors.js';

/** At most `count` requests start in any window of `perMs` milliseconds. */
export interface Rate {
  count: number;
  perMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, min: 60_000, h: 3_600_000 };

/** `"10/s"`, `"600/min"`, `"0.5/s"` → `{ count, perMs }`. */
export function parseRate(text: string): Rate {
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)\s*$/i.exec(text);
  const unitMs = match ? UNIT_MS[match[2]!.toLowerCase()] : undefined;
  if (!match || unitMs === undefined) {
    throw new UploadError('UPLOAD_CONFIG', `Expected a rate like "10/s" or "600/min" (units: ${Object.keys(UNIT_MS).join(', ')}), got "${text}"`);
  }
  const count = Number(match[1]);
  if (!(count > 0)) throw new UploadError('UPLOAD_CONFIG', `Expected a rate above zero, got "${text}"`);
  // A fractional count such as 0.5/s becomes 1 per 2 s, so p-queue's intervalCap stays a whole number.
  return count >= 1 && Number.isInteger(count) ? { count, perMs: unitMs } : { count: 1, perMs: unitMs / count };
}

/** Shortest p-queue interval we spread a rate over: shorter timers cost more than they smooth. */
const MIN_INTERVAL_MS = 10;

/**
 * p-queue options for a rate, spread evenly: "200/s" becomes 2 per 10 ms rather than 200 per 1000 ms, so the
 * client never bursts a whole second's worth at once (a server's token bucket would answer that with 429s).
 * Strict mode is a sliding window, so no `perMs` window ever holds more than `count` starts.
 */
export function queueRateOptions(rate: Rate): { intervalCap: number; interval: number; strict: true } {
  if (!(Number.isInteger(rate.count) && rate.count >= 1 && Number.isFinite(rate.perMs) && rate.perMs > 0)) {
    throw new UploadError('UPLOAD_CONFIG', `Expected a rate with a whole \`count\` of at least 1 and a positive \`perMs\`, got ${JSON.stringify(rate)}`);
  }
  const msPerRequest = rate.perMs / rate.count;
  // A divisor of count, so a perMs window is a whole number of intervals and holds at most count starts.
  let intervalCap = Math.min(rate.count, Math.max(1, Math.floor(MIN_INTERVAL_MS / msPerRequest)));
  while (rate.count % intervalCap !== 0) intervalCap--;
  return { intervalCap, interval: intervalCap * msPerRequest, strict: true };
}
