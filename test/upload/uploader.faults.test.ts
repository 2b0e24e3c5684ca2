import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmbeddingServer, type ServerStats } from '../../src/server/index.js';
import { createUploader, parseRate, type AttemptLog, type UploadResult } from '../../src/upload/index.js';
import type { JournalEntry } from '../../src/upload/journal.js';
import { writeToneClips, type ClipDir } from './clips.js';
import { maxInWindow } from '../helpers/windows.js';

const KEY = 'sk-test-faults-0123456789';
const RETRYABLE_CODES = ['UPLOAD_HTTP_STATUS', 'UPLOAD_NETWORK', 'UPLOAD_BAD_RESPONSE', 'UPLOAD_TIMEOUT'];


/**
 * For every 429 with Retry-After R that ended at `end`: how early the first request started after it, as
 * (start − end) − R. Negative beyond clock rounding would mean a request went out during the pause.
 */
function retryAfterSlackMs(attempts: AttemptLog[], otherStartsMs: number[]): number[] {
  return attempts
    .filter((a) => a.status === 429 && a.retryAfterMs !== null)
    .map((a) => {
      const endMs = a.startedAt + a.ms;
      const next = otherStartsMs.filter((t) => t > endMs).sort((x, y) => x - y)[0];
      return next === undefined ? Number.POSITIVE_INFINITY : next - endMs - a.retryAfterMs!;
    });
}

async function readJournal(path: string): Promise<JournalEntry[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as JournalEntry);
}

describe('500 clips against a faulty, rate-limited server', () => {
  const CLIPS = 500;
  const CLIENT_RATE = '200/s';
  const MAX_ATTEMPTS = 5;
  let clipDir: ClipDir;
  let results: UploadResult[];
  let journal: JournalEntry[];
  let stats: ServerStats;

  beforeAll(async () => {
    clipDir = await writeToneClips(CLIPS);
    // The server's limiter (250/s, burst 5) is looser than the client's 200/s on average but would answer
    // a client that bursts (200 requests at the top of each second) with 429s.
    const server = await startEmbeddingServer({ apiKey: KEY, failRate: 0.2, resetRate: 0.05, garbageRate: 0.02, ratePerS: 250, burst: 5, seed: 11 });
    const journalPath = join(clipDir.dir, 'upload-journal.jsonl');
    const uploader = await createUploader({
      endpoint: server.url,
      apiKey: KEY,
      journalPath,
      concurrency: 16,
      rate: parseRate(CLIENT_RATE),
      maxAttempts: MAX_ATTEMPTS,
      backoff: { baseMs: 10, capMs: 200 },
    });
    results = await Promise.all(clipDir.clips.map((clip) => uploader.upload({ path: clip.path, durationS: clip.durationS, verdict: 'pass' })));
    await uploader.close();
    stats = server.stats();
    await server.close();
    journal = await readJournal(journalPath);
  });
  afterAll(() => clipDir.remove());

  test('every clip ends uploaded with one journal entry, or failed after all its attempts with a retryable cause', () => {
    const bySha = new Map<string, JournalEntry[]>();
    for (const entry of journal) bySha.set(entry.sha256, [...(bySha.get(entry.sha256) ?? []), entry]);
    results.forEach((result, i) => {
      const clip = clipDir.clips[i]!;
      expect(result.sha256).toBe(clip.sha256);
      if (result.status === 'uploaded') {
        expect(bySha.get(clip.sha256)).toHaveLength(1);
        expect(bySha.get(clip.sha256)![0]).toMatchObject({ id: result.id, embedding: result.embedding });
        expect(result.attempts.at(-1)).toMatchObject({ status: 200, code: null });
      } else {
        expect(result.status).toBe('failed');
        expect(RETRYABLE_CODES).toContain(result.error?.code);
        expect(result.attempts).toHaveLength(MAX_ATTEMPTS);
        expect(bySha.has(clip.sha256)).toBe(false);
      }
    });
    const uploaded = results.filter((r) => r.status === 'uploaded').length;
    expect(journal).toHaveLength(uploaded);
    // P(5 faults in a row) ≈ 0.27^5 ≈ 0.0014 per clip: about one failure in 500, rarely more than a handful.
    expect(uploaded).toBeGreaterThanOrEqual(CLIPS - 10);
  });

  test('the server embedded every uploaded clip exactly once, and no failed one', () => {
    for (const result of results) {
      expect(stats.embeddedBySha256[result.sha256!] ?? 0).toBe(result.status === 'uploaded' ? 1 : 0);
    }
    expect(stats.accepted).toBe(journal.length);
  });

  test('faults were met and retried: 500/503, resets and garbage 200s each appear in the attempt logs', () => {
    const attempts = results.flatMap((r) => r.attempts);
    const retries = attempts.length - CLIPS;
    console.info(`attempts ${attempts.length} (retries ${retries}); server answers ${JSON.stringify(stats.byStatus)}`);
    expect(attempts.filter((a) => a.status === 500 || a.status === 503).length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.code === 'UPLOAD_NETWORK' && a.status === null).length).toBe(stats.byStatus.reset ?? 0);
    expect(attempts.filter((a) => a.code === 'UPLOAD_BAD_RESPONSE').length).toBe(stats.byStatus.garbage ?? 0);
    expect(stats.byStatus.reset ?? 0).toBeGreaterThan(0);
    expect(stats.byStatus.garbage ?? 0).toBeGreaterThan(0);
    // Every request the server saw is one attempt in some clip's log, and the other way round.
    expect(attempts.length).toBe(stats.requests);
  });

  test(`the client held ${CLIENT_RATE}, spread evenly: about 200 starts in any 1 s window, about 20 in any 100 ms`, () => {
    const rate = parseRate(CLIENT_RATE);
    const clientStarts = results.flatMap((r) => r.attempts.map((a) => a.startedAt)).sort((a, b) => a - b);
    const serverArrivals = [...stats.admittedAt].sort((a, b) => a - b);
    const clientMax1s = maxInWindow(clientStarts, rate.perMs);
    const serverMax1s = maxInWindow(serverArrivals, rate.perMs);
    const serverMax100ms = maxInWindow(serverArrivals, rate.perMs / 10);
    console.info(`max starts in 1 s: client ${clientMax1s}, server ${serverMax1s}; in 100 ms: server ${serverMax100ms}`);
    // The server shares this event loop, so arrivals can bunch when it stalls: the allowance covers up to
    // 100 ms of such delay (10 % of a 1 s window). Unspread, "200/s" would put 200 starts in a few ms.
    expect(clientMax1s).toBeLessThanOrEqual(rate.count * 1.1);
    expect(serverMax1s).toBeLessThanOrEqual(rate.count * 1.1);
    expect(serverMax100ms).toBeLessThanOrEqual((rate.count / 10) * 2);
  });

  test('any 429 held back every later request for its Retry-After', () => {
    const attempts = results.flatMap((r) => r.attempts);
    const slack = retryAfterSlackMs(attempts, attempts.map((a) => a.startedAt));
    expect(slack.every((ms) => ms >= -2)).toBe(true);
  });
});

describe('Retry-After pauses the whole queue', () => {
  test('after each 429 no request starts until Retry-After has passed, on the client and at the server', async () => {
    const clipDir = await writeToneClips(15, { firstSeed: 1000 });
    // 10/s with a bucket of 5 against a client allowed 100/s: every burst ends in 429s (Retry-After: 1).
    const server = await startEmbeddingServer({ apiKey: KEY, ratePerS: 10, burst: 5 });
    const uploader = await createUploader({
      endpoint: server.url,
      apiKey: KEY,
      journalPath: join(clipDir.dir, 'upload-journal.jsonl'),
      concurrency: 4,
      rate: parseRate('100/s'),
      maxAttempts: 10,
      backoff: { baseMs: 10, capMs: 100 },
    });
    const results = await Promise.all(clipDir.clips.map((clip) => uploader.upload({ path: clip.path, durationS: clip.durationS, verdict: 'pass' })));
    await uploader.close();
    const stats = server.stats();
    await server.close();
    await clipDir.remove();

    expect(results.map((r) => r.status)).toEqual(Array(15).fill('uploaded'));
    const attempts = results.flatMap((r) => r.attempts);
    const limited = attempts.filter((a) => a.status === 429);
    expect(limited.length).toBe(stats.byStatus['429']);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((a) => a.retryAfterMs === 1000)).toBe(true);

    const clientSlack = retryAfterSlackMs(attempts, attempts.map((a) => a.startedAt));
    // Server clock: performance.now() in this process, turned into epoch ms like the client's startedAt.
    const serverSlack = retryAfterSlackMs(attempts, stats.admittedAt.map((t) => performance.timeOrigin + t));
    console.info(`429s ${limited.length}; slack after Retry-After (ms): client min ${Math.min(...clientSlack).toFixed(1)}, server min ${Math.min(...serverSlack).toFixed(1)}`);
    // Tolerance: 1 ms Date.now() steps on each side, plus drift between Date.now() and performance.timeOrigin.
    expect(Math.min(...clientSlack)).toBeGreaterThanOrEqual(-2);
    expect(Math.min(...serverSlack)).toBeGreaterThanOrEqual(-10);
  });
});
