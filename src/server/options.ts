export interface ServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: an ephemeral port (see `RunningServer.url`). */
  port?: number;
  /** When set, requests need `Authorization: Bearer <key>`; otherwise 401. */
  apiKey?: string | null;
  /** Token-bucket rate; beyond it requests get 429 with `Retry-After` (whole seconds, at least 1). */
  ratePerS?: number | null;
  /** Bucket size. Default max(1, ceil(ratePerS)). */
  burst?: number;
  /** Default 20 MiB. Larger bodies get 413 as soon as the bytes received pass it. */
  maxBodyBytes?: number;
  /** Default 30. Longer audio gets 400 AUDIO_TOO_LONG. */
  maxDurationS?: number;
  /** Share of admitted requests answered 500 or 503 (half each). Default 0. */
  failRate?: number;
  /** Share of admitted requests whose connection is destroyed, after their body arrived, without an answer. Default 0. */
  resetRate?: number;
  /** Share of admitted requests answered 200 with malformed JSON or a 191-value embedding (half each). Default 0. */
  garbageRate?: number;
  /**
   * Delay before answering each admitted request, once its body arrived: a fixed number of ms, or [min, max]
   * for a uniform jitter drawn from its own seeded stream (so it never shifts the fault draws). Default 0.
   */
  latencyMs?: number | readonly [number, number];
  /** Seeds the fault and jitter draws, so the same sequence of requests meets the same faults. Default 1. */
  seed?: number;
}

export interface ResolvedServerOptions {
  host: string;
  port: number;
  apiKey: string | null;
  ratePerS: number | null;
  burst: number;
  maxBodyBytes: number;
  maxDurationS: number;
  failRate: number;
  resetRate: number;
  garbageRate: number;
  latencyMs: readonly [number, number];
  seed: number;
}

export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_DURATION_S = 30;

function describe(value: unknown): string {
  return `${typeof value === 'string' ? JSON.stringify(value) : String(value)} (${typeof value})`;
}

function number(name: string, value: unknown, fallback: number, check: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
    throw new RangeError(`Expected \`${name}\` to be ${expected}, got ${describe(value)}`);
  }
  return value;
}

function share(name: string, value: unknown): number {
  return number(name, value, 0, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
}

function latency(value: ServerOptions['latencyMs']): readonly [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new RangeError(`Expected \`latencyMs\` to be a number or [min, max], got ${value.length} values`);
    const low = number('latencyMs[0]', value[0], 0, (n) => n >= 0, 'a number >= 0');
    return [low, number('latencyMs[1]', value[1], 0, (n) => n >= low, `a number >= latencyMs[0] (${low})`)];
  }
  const fixed = number('latencyMs', value, 0, (n) => n >= 0, 'a number >= 0 or [min, max]');
  return [fixed, fixed];
}

/** Fills in defaults and refuses values that make no sense, naming the option and what came. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new RangeError(`Expected \`host\` to be a non-empty string, got ${describe(host)}`);
  const apiKey = options.apiKey ?? null;
  if (apiKey !== null && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new RangeError(`Expected \`apiKey\` to be a non-empty string or null, got ${typeof apiKey === 'string' ? 'an empty string' : describe(apiKey)}`);
  }
  const rate = options.ratePerS == null ? null : number('ratePerS', options.ratePerS, 0, (n) => n > 0, 'a number > 0 or null');
  const failRate = share('failRate', options.failRate);
  const resetRate = share('resetRate', options.resetRate);
  const garbageRate = share('garbageRate', options.garbageRate);
  if (failRate + resetRate + garbageRate > 1) {
    throw new RangeError(`Expected \`failRate + resetRate + garbageRate\` to be at most 1, got ${failRate + resetRate + garbageRate}`);
  }
  return {
    host,
    port: number('port', options.port, 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535, 'an integer port from 0 to 65535'),
    apiKey,
    ratePerS: rate,
    burst: number('burst', options.burst, Math.max(1, Math.ceil(rate ?? 1)), (n) => n >= 1, 'a number >= 1'),
    maxBodyBytes: number('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
    maxDurationS: number('maxDurationS', options.maxDurationS, DEFAULT_MAX_DURATION_S, (n) => n > 0, 'a number > 0'),
    failRate,
    resetRate,
    garbageRate,
    latencyMs: latency(options.latencyMs),
    seed: number('seed', options.seed, 1, Number.isInteger, 'an integer'),
  };
}
