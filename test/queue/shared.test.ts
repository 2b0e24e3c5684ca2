import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RedisJournal } from '../../src/queue/journal.js';
import { JOURNAL_KEY } from '../../src/queue/keys.js';
import { sharedRateInterceptor, SharedRateLimiter } from '../../src/queue/rateLimit.js';
import { startEmbeddingServer } from '../../src/server/index.js';
import { createUploader, UploadError } from '../../src/upload/index.js';
import type { JournalEntry } from '../../src/upload/journal.js';
import { writeToneClips } from '../upload/clips.js';
import { REDIS_SERVER, SKIP_MESSAGE, startRedis, type TestRedis } from './redisServer.js';
import { maxInWindow } from '../helpers/windows.js';

if (!REDIS_SERVER) console.warn(SKIP_MESSAGE);


describe.skipIf(!REDIS_SERVER)('what workers share through Redis', () => {
  let redis: TestRedis;
  /** One connection per simulated machine. */
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  test('three limiters on three connections start 90 requests at 50/s between them: never more than 50 in a second', async () => {
    const limiters = [connect(), connect(), connect()].map((c) => new SharedRateLimiter(c, 'https://api.example.com'));
    const rate = { count: 50, perMs: 1000 };
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 90 }, async (_, i) => {
        await limiters[i % 3]!.take(rate);
        startedAt.push(performance.now());
      }),
    );
    startedAt.sort((a, b) => a - b);
    const spanMs = startedAt.at(-1)! - startedAt[0]!;
    console.info(`90 starts over ${spanMs.toFixed(0)} ms; most in 1 s: ${maxInWindow(startedAt, 1000)}, in 100 ms: ${maxInWindow(startedAt, 100)}`);
    // Slots are 20 ms apart on Redis' clock; wakeups here jitter by a few ms (timers, event loop): 10 % slack, as for the uploader.
    expect(maxInWindow(startedAt, 1000)).toBeLessThanOrEqual(50 * 1.1);
    // Over 100 ms a late wakeup weighs more (a loaded test machine stalls timers by tens of ms); unspread, the
    // 50 of a second would come at once. Twice the share, as for the uploader.
    expect(maxInWindow(startedAt, 100)).toBeLessThanOrEqual((50 / 10) * 2);
    // 89 gaps of 20 ms: the limiter spreads, it does not merely cap.
    expect(spanMs).toBeGreaterThanOrEqual(89 * 20 - 20);
  });

  test('a 429 with Retry-After seen through one machine\'s pool holds the next request of another machine', async () => {
    const clipDir = await writeToneClips(2, { firstSeed: 500 });
    // One request a second, no burst: the second request in a row gets 429 with Retry-After: 1.
    const server = await startEmbeddingServer({ ratePerS: 1, burst: 1 });
    const endpoint = server.url;
    const machineA = new SharedRateLimiter(connect(), endpoint);
    const machineB = new SharedRateLimiter(connect(), endpoint);
    const pool = new Pool(endpoint).compose(sharedRateInterceptor(machineA, null, 120_000));
    const post = () => pool.request({ path: '/v1/audio/embedding', method: 'POST', body: '' });
    const first = await post();
    await first.body.dump();
    const second = await post();
    await second.body.dump();
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    // The pause is written without holding up the answer; give it its round trip.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waitStarted = performance.now();
    await machineB.take(null);
    const heldMs = performance.now() - waitStarted;
    console.info(`machine B held ${heldMs.toFixed(0)} ms after machine A's 429 (Retry-After 1 s)`);
    expect(heldMs).toBeGreaterThanOrEqual(1000 - 50 - 60);
    await pool.close();
    await server.close();
    await clipDir.remove();
  });

  test('the Redis journal: two uploaders on two connections send a clip once; the first answer stays; a damaged value is refused', async () => {
    const clipDir = await writeToneClips(3, { firstSeed: 700 });
    const server = await startEmbeddingServer({ apiKey: 'sk-queue-journal-0123' });
    const upload = async (journal: RedisJournal) => {
      const uploader = await createUploader({ endpoint: server.url, apiKey: 'sk-queue-journal-0123', journal, journalEndpoint: 'shared-test' });
      const results = await Promise.all(clipDir.clips.map((c) => uploader.upload({ path: c.path, durationS: c.durationS, verdict: 'pass' })));
      await uploader.close();
      return results;
    };
    const first = await upload(new RedisJournal(connect()));
    const second = await upload(new RedisJournal(connect()));
    expect(first.map((r) => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded']);
    expect(second.map((r) => r.status)).toEqual(['skipped-journal', 'skipped-journal', 'skipped-journal']);
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(second.map((r) => r.embedding)).toEqual(first.map((r) => r.embedding));
    expect(Object.values(server.stats().embeddedBySha256)).toEqual([1, 1, 1]);

    const journal = new RedisJournal(connect());
    const sha = clipDir.clips[0]!.sha256;
    const original = (await journal.get(sha, 'shared-test'))!;
    const replacement: JournalEntry = { ...original, id: 'voice_other', uploadedAt: new Date().toISOString() };
    await journal.append(replacement);
    expect((await journal.get(sha, 'shared-test'))!.id).toBe(original.id);
    expect(await journal.get(sha, 'elsewhere')).toBeUndefined();

    await connect().hset(JOURNAL_KEY, `shared-test\n${sha}`, '{"id":');
    await expect(journal.get(sha, 'shared-test')).rejects.toSatisfy((e: unknown) => e instanceof UploadError && e.code === 'UPLOAD_JOURNAL');
    await server.close();
    await clipDir.remove();
  });
});
