import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_QUEUE = 'voicegate';

/** --redis, else VOICEGATE_REDIS_URL, else a local Redis. */
export function redisUrlFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.VOICEGATE_REDIS_URL?.trim() || DEFAULT_REDIS_URL);
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable Redis URL)';
  }
}

export function assertRedisUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Expected a Redis URL like redis://host:6379, got "${redactRedisUrl(url)}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`Expected a redis:// or rediss:// URL, got the ${parsed.protocol} scheme`);
}

export interface ConnectOptions {
  /**
   * Workers wait out a Redis restart: commands queue up and every reconnect is retried, forever. One-shot
   * commands (enqueue, status) give up after a few tries so a wrong URL fails fast.
   */
  persistent: boolean;
  onError?(message: string): void;
}

const ONE_SHOT_RECONNECTS = 3;

/**
 * An ioredis client as BullMQ needs it (`maxRetriesPerRequest: null`). Connection errors are reported once per
 * outage through `onError` instead of ioredis' "Unhandled error event" noise.
 */
export function connectRedis(url: string, options: ConnectOptions): Redis {
  assertRedisUrl(url);
  let down = false;
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.persistent ? null : 2,
    connectTimeout: 5_000,
    retryStrategy: (times) => (options.persistent || times <= ONE_SHOT_RECONNECTS ? Math.min(times * 100, 2_000) : null),
  });
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.onError?.(`Redis at ${redactRedisUrl(url)}: ${error.message}${options.persistent ? ' (retrying)' : ''}`);
  });
  redis.on('ready', () => {
    down = false;
  });
  return redis;
}
