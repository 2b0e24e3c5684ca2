import { appendFile, copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startEmbeddingServer } from '../../src/server/index.js';
import { createUploader, JOURNAL_FILE, type UploaderOptions } from '../../src/upload/index.js';
import { writeToneClips, type ClipDir, type TestClip } from './clips.js';

const KEY = 'sk-test-resume-42';

let clipDir: ClipDir;
let server: Awaited<ReturnType<typeof startEmbeddingServer>>;
let options: UploaderOptions & { journalPath: string };

beforeEach(async () => {
  clipDir = await writeToneClips(40, { firstSeed: 2000 });
  server = await startEmbeddingServer({ apiKey: KEY });
  options = { endpoint: server.url, apiKey: KEY, journalPath: join(clipDir.dir, JOURNAL_FILE), concurrency: 8 };
});
afterEach(async () => {
  await server.close();
  await clipDir.remove();
});

const asClip = (clip: TestClip) => ({ path: clip.path, durationS: clip.durationS, verdict: 'pass' as const });

test('a second run on the same journal skips what the first uploaded, even after a torn last line', async () => {
  const first = await createUploader(options);
  const firstResults = await Promise.all(clipDir.clips.slice(0, 20).map((clip) => first.upload(asClip(clip))));
  await first.close();
  expect(firstResults.map((r) => r.status)).toEqual(Array(20).fill('uploaded'));
  // What kill -9 during an append leaves behind.
  await appendFile(options.journalPath, '{"sha256":"ab12","endpoint":"http://127.0.0.1:1","id":"vo');

  const second = await createUploader(options);
  const secondResults = await Promise.all(clipDir.clips.map((clip) => second.upload(asClip(clip))));
  await second.close();

  secondResults.slice(0, 20).forEach((result, i) => {
    expect(result).toMatchObject({ status: 'skipped-journal', attempts: [], id: firstResults[i]!.id, embedding: firstResults[i]!.embedding });
  });
  expect(secondResults.slice(20).map((r) => r.status)).toEqual(Array(20).fill('uploaded'));
  const stats = server.stats();
  expect(stats.requests).toBe(40);
  expect(Object.keys(stats.embeddedBySha256).sort()).toEqual(clipDir.clips.map((c) => c.sha256).sort());
  expect(Object.values(stats.embeddedBySha256).every((n) => n === 1)).toBe(true);
  const lines = (await readFile(options.journalPath, 'utf8')).split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((l) => (JSON.parse(l) as { sha256: string }).sha256).sort()).toEqual(clipDir.clips.map((c) => c.sha256).sort());
});

test('identical clips uploaded at the same time are sent once', async () => {
  const source = clipDir.clips[0]!;
  const copies = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const path = join(clipDir.dir, `copy-${n}.wav`);
      await copyFile(source.path, path);
      return { ...source, path };
    }),
  );
  const uploader = await createUploader(options);
  const results = await Promise.all([source, ...copies].map((clip) => uploader.upload(asClip(clip))));
  await uploader.close();
  expect(results.map((r) => r.status).sort()).toEqual(['skipped-journal', 'skipped-journal', 'skipped-journal', 'uploaded']);
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  expect(server.stats().requests).toBe(1);
  expect(server.stats().embeddedBySha256[source.sha256]).toBe(1);
});

test('a journal hit for a caller-given sha256 needs neither a request nor the file', async () => {
  const clip = clipDir.clips[5]!;
  const first = await createUploader(options);
  const uploaded = await first.upload(asClip(clip));
  await first.close();
  await rm(clip.path);

  const second = await createUploader(options);
  const again = await second.upload({ ...asClip(clip), sha256: clip.sha256 });
  await second.close();
  expect(again).toMatchObject({ status: 'skipped-journal', id: uploaded.id, sha256: clip.sha256 });
  expect(server.stats().requests).toBe(1);
});

test('the journal is per endpoint: the same clip for another base URL is sent again', async () => {
  const clip = clipDir.clips[7]!;
  const first = await createUploader(options);
  await first.upload(asClip(clip));
  await first.close();
  const other = await createUploader({ ...options, endpoint: server.url.replace('127.0.0.1', 'localhost') });
  const result = await other.upload(asClip(clip));
  await other.close();
  expect(result.status).toBe('uploaded');
  expect(server.stats().embeddedBySha256[clip.sha256]).toBe(2);
});
