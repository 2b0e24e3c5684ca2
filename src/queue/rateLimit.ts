import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { parseRetryAfterMs } from '../upload/backoff.js';
import type { Rate } from '../upload/index.js';
import { rateKeys } from './keys.js';

/**
 * Hands out start times at least `perMs / count` apart on Redis' clock (so machines with skewed clocks agree):
 * no window of `perMs` ever holds more than `count` starts, across every worker. A start is never later than
 * "paused until", which any worker pushes forward when the API answers with Retry-After.
 * KEYS: next free slot, paused until (ms). ARGV: spacing ms, mode ("take" or "confirm").
 * "confirm" runs when a reserved slot arrives: it lets the request go unless a pause began meanwhile, in
 * which case it reserves a new slot after the pause.
 */
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[2] == 'confirm' and pause <= now then return '0' end
local slot = math.max(now, pause, tonumber(redis.call('GET', KEYS[1]) or '0'))
local nextSlot = math.ceil((slot + tonumber(ARGV[1])) * 1000) / 1000
redis.call('SET', KEYS[1], string.format('%.3f', nextSlot), 'PX', math.ceil(nextSlot - now) + 60000)
return string.format('%.3f', slot - now)
`;

/** KEYS: paused until. ARGV: pause ms from now. Only ever moves the pause later. */
const PAUSE = `
local t = redis.call('TIME')
local untilMs = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(tonumber(ARGV[1])) + 60000)
end
return 1
`;

/** The API's request rate, shared by every worker that sends to one endpoint. */
export class SharedRateLimiter {
  private readonly keys: { nextSlot: string; pauseUntil: string };

  constructor(
    private readonly redis: Redis,
    endpoint: string,
  ) {
    this.keys = rateKeys(endpoint);
  }

  /** Resolves when this request may start. An abort ends the wait early (the request is then aborted unsent). */
  async take(rate: Rate | null, signal?: AbortSignal): Promise<void> {
    const spacingMs = rate ? rate.perMs / rate.count : 0;
    let mode = 'take';
    while (!signal?.aborted) {
      const waitMs = Number(await this.redis.eval(TAKE_SLOT, 2, this.keys.nextSlot, this.keys.pauseUntil, spacingMs, mode));
      if (waitMs <= 0) return;
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
      mode = 'confirm';
    }
  }

  /** Holds every worker's next request for `delayMs` (Retry-After). */
  async pause(delayMs: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.keys.pauseUntil, delayMs);
  }
}

const RETRY_AFTER_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * An undici interceptor for the uploader's connection pool: each request (retries too) waits for its slot
 * from the shared limiter, and a retryable answer carrying Retry-After pauses every worker, not just this one.
 * The uploader's own queue still pauses this process as before.
 */
export function sharedRateInterceptor(limiter: SharedRateLimiter, rate: Rate | null, maxRetryAfterMs: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const signal = (options as Dispatcher.RequestOptions).signal;
    limiter
      .take(rate, signal instanceof AbortSignal ? signal : undefined)
      .then(() => void dispatch(options, watchRetryAfter(handler, limiter, maxRetryAfterMs)))
      // undici's own async interceptors (dns) report a failure before dispatch the same way, without a controller.
      .catch((error: unknown) => handler.onResponseError?.(null as unknown as Dispatcher.DispatchController, error as Error));
    return true;
  };
}

function watchRetryAfter(handler: Dispatcher.DispatchHandler, limiter: SharedRateLimiter, maxRetryAfterMs: number): Dispatcher.DispatchHandler {
  return {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart(controller, statusCode, headers, statusMessage) {
      const retryAfterMs = RETRY_AFTER_STATUSES.has(statusCode) ? parseRetryAfterMs(headers['retry-after']) : null;
      // Not awaited: the answer goes on to the uploader now; the pause reaches the other workers within a round trip.
      if (retryAfterMs !== null && retryAfterMs > 0) limiter.pause(Math.min(retryAfterMs, maxRetryAfterMs)).catch(() => undefined);
      handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
    },
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  };
}
