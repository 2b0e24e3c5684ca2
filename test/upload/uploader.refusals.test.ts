import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startEmbeddingServer } from '../../src/server/index.js';
import { createUploader, JOURNAL_FILE, type UploaderOptions } from '../../src/upload/index.js';
import { toneClip, writeToneClips, type ClipDir } from './clips.js';

const KEY = 'sk-test-refusals';

let clipDir: ClipDir;
let server: Awaited<ReturnType<typeof startEmbeddingServer>>;
let options: UploaderOptions & { journalPath: string };
let run = 0;

beforeAll(async () => {
  clipDir = await writeToneClips(30, { firstSeed: 4000 });
});
afterAll(() => clipDir.remove());
beforeEach(async () => {
  server = await startEmbeddingServer({ apiKey: KEY });
  options = { endpoint: server.url, apiKey: KEY, journalPath: join(clipDir.dir, `${++run}-${JOURNAL_FILE}`), backoff: { baseMs: 5, capMs: 20 } };
});
afterEach(() => server.close());

const clip = (i = 0) => ({ path: clipDir.clips[i]!.path, durationS: clipDir.clips[i]!.durationS, verdict: 'pass' as const });

describe('configuration', () => {
  test('plain http to a non-loopback host is refused; --allow-insecure passes with a warning', async () => {
    await expect(createUploader({ ...options, endpoint: 'http://api.example.com' })).rejects.toMatchObject({ code: 'UPLOAD_CONFIG' });
    const onWarning = vi.fn();
    const uploader = await createUploader({ ...options, endpoint: 'http://api.example.com', allowInsecure: true, onWarning, dryRun: true });
    await uploader.close();
    expect(onWarning).toHaveBeenCalledWith(expect.stringContaining('plain http'));
  });

  test('no key is a configuration error unless dry-running', async () => {
    await expect(createUploader({ ...options, apiKey: null })).rejects.toMatchObject({ code: 'UPLOAD_CONFIG', message: expect.stringContaining('VOICEGATE_API_KEY') });
  });

  test.each([
    ['concurrency', 0],
    ['maxAttempts', 1.5],
  ])('%s = %s is refused', async (name, value) => {
    await expect(createUploader({ ...options, [name]: value })).rejects.toThrow(new RegExp(`Expected \`${name}\` to be a whole number`));
  });
});

describe('clips that must not be sent', () => {
  test('over 30 s: UPLOAD_TOO_LONG and no request', async () => {
    const uploader = await createUploader(options);
    const results = await Promise.all([uploader.upload({ ...clip(), durationS: 30.01 }), uploader.upload({ ...clip(1), durationS: Number.NaN })]);
    await uploader.close();
    expect(results.map((r) => [r.status, r.error?.code, r.attempts.length])).toEqual([
      ['not-sent', 'UPLOAD_TOO_LONG', 0],
      ['not-sent', 'UPLOAD_TOO_LONG', 0],
    ]);
    expect(server.stats().requests).toBe(0);
  });

  test('a clip the gate rejected: UPLOAD_REJECTED_CLIP and no request', async () => {
    const uploader = await createUploader(options);
    const result = await uploader.upload({ ...clip(), verdict: 'reject' });
    await uploader.close();
    expect(result).toMatchObject({ status: 'not-sent', error: { code: 'UPLOAD_REJECTED_CLIP' }, attempts: [] });
    expect(server.stats().requests).toBe(0);
  });

  test('a missing file, or one that changed since its hash was taken: UPLOAD_READ_FAILED and no request', async () => {
    const changed = join(clipDir.dir, 'changed.wav');
    await writeFile(changed, toneClip(99, 0.5));
    const uploader = await createUploader(options);
    const results = await Promise.all([
      uploader.upload({ ...clip(), path: join(clipDir.dir, 'missing.wav') }),
      uploader.upload({ ...clip(), path: changed, sha256: clipDir.clips[0]!.sha256 }),
    ]);
    await uploader.close();
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['not-sent', 'UPLOAD_READ_FAILED'],
      ['not-sent', 'UPLOAD_READ_FAILED'],
    ]);
    expect(results[0]!.error?.message).toContain('ENOENT');
    expect(results[1]!.error?.message).toContain('changed since it was checked');
    expect(server.stats().requests).toBe(0);
  });

  test('dry run: hashes and consults the journal, sends nothing, writes nothing, needs no key', async () => {
    const uploader = await createUploader({ ...options, apiKey: null, dryRun: true });
    const results = await Promise.all([0, 1, 2].map((i) => uploader.upload(clip(i))));
    await uploader.close();
    expect(results.map((r) => r.status)).toEqual(['dry-run', 'dry-run', 'dry-run']);
    expect(results.map((r) => r.sha256)).toEqual(clipDir.clips.slice(0, 3).map((c) => c.sha256));
    expect(server.stats().requests).toBe(0);
    await expect(stat(options.journalPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('final 4xx answers are not retried', () => {
  test('400 for bytes that are not audio: one attempt, the server reason in the message', async () => {
    const garbage = join(clipDir.dir, 'garbage.wav');
    await writeFile(garbage, randomBytes(4000));
    const uploader = await createUploader(options);
    const result = await uploader.upload({ ...clip(), path: garbage });
    await uploader.close();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_HTTP_STATUS' } });
    expect(result.error?.message).toMatch(/HTTP 400 .*AUDIO_UNDECODABLE/);
    expect(result.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 400, code: 'UPLOAD_HTTP_STATUS' })]);
    expect(server.stats().requests).toBe(1);
  });

  test('401 for a wrong key: one attempt', async () => {
    const uploader = await createUploader({ ...options, apiKey: 'sk-wrong' });
    const result = await uploader.upload(clip());
    await uploader.close();
    expect(result.attempts.map((a) => a.status)).toEqual([401]);
    expect(server.stats().requests).toBe(1);
  });
});

describe('interrupting (Ctrl-C)', () => {
  test('stops taking work, lets requests in flight finish and journals them', async () => {
    await server.close();
    server = await startEmbeddingServer({ apiKey: KEY, latencyMs: 300 });
    const controller = new AbortController();
    const uploader = await createUploader({ ...options, endpoint: server.url, concurrency: 4, signal: controller.signal, graceMs: 10_000 });
    const pending = clipDir.clips.map((_, i) => uploader.upload(clip(i)));
    // Abort while exactly the first four are in flight (each takes 300 ms at the server).
    await vi.waitFor(() => expect(server.stats().requests).toBe(4), { interval: 5, timeout: 5000 });
    controller.abort();
    const results = await Promise.all(pending);
    await uploader.close();

    const uploaded = results.filter((r) => r.status === 'uploaded');
    expect(uploaded).toHaveLength(4);
    expect(results.filter((r) => r.status === 'not-sent').every((r) => r.error?.code === 'UPLOAD_ABORTED')).toBe(true);
    expect(results.filter((r) => r.status === 'not-sent')).toHaveLength(clipDir.clips.length - 4);
    expect(server.stats().requests).toBe(4);
    // Resuming later finds the four in the journal.
    const resumed = await createUploader({ ...options, endpoint: server.url, dryRun: true });
    const again = await Promise.all(uploaded.map((r) => resumed.upload({ ...clip(), sha256: r.sha256! })));
    await resumed.close();
    expect(again.map((r) => r.status)).toEqual(Array(4).fill('skipped-journal'));
  });

  test('requests still running when the grace period ends are aborted, not left hanging', async () => {
    await server.close();
    server = await startEmbeddingServer({ apiKey: KEY, latencyMs: 600 });
    const controller = new AbortController();
    const uploader = await createUploader({ ...options, endpoint: server.url, concurrency: 2, signal: controller.signal, graceMs: 50 });
    const pending = [0, 1, 2].map((i) => uploader.upload(clip(i)));
    await vi.waitFor(() => expect(server.stats().requests).toBe(2), { interval: 5, timeout: 5000 });
    controller.abort();
    const results = await Promise.all(pending);
    await uploader.close();
    // Which two clips got in first depends on how fast their hashes were read: compare as a set.
    expect(results.map((r) => [r.status, r.error?.code, r.attempts.length]).sort()).toEqual([
      ['failed', 'UPLOAD_ABORTED', 1],
      ['failed', 'UPLOAD_ABORTED', 1],
      ['not-sent', 'UPLOAD_ABORTED', 0],
    ]);
  });

  test('an upload asked for after the interrupt is not sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const uploader = await createUploader({ ...options, signal: controller.signal });
    const result = await uploader.upload(clip());
    await uploader.close();
    expect(result).toMatchObject({ status: 'not-sent', error: { code: 'UPLOAD_ABORTED' } });
    expect(server.stats().requests).toBe(0);
  });
});
