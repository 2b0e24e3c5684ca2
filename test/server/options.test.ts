import { expect, test } from 'vitest';
import { resolveServerOptions, startEmbeddingServer } from '../../src/server/index.js';

test('defaults', () => {
  expect(resolveServerOptions()).toEqual({
    host: '127.0.0.1',
    port: 0,
    apiKey: null,
    ratePerS: null,
    burst: 1,
    maxBodyBytes: 20 * 1024 * 1024,
    maxDurationS: 30,
    failRate: 0,
    resetRate: 0,
    garbageRate: 0,
    latencyMs: [0, 0],
    seed: 1,
  });
  expect(resolveServerOptions({ ratePerS: 2.5 }).burst).toBe(3);
});

test.each([
  [{ failRate: 1.5 }, /`failRate` to be a number from 0 to 1, got 1.5/],
  [{ failRate: 0.5, resetRate: 0.4, garbageRate: 0.2 }, /at most 1, got 1.1/],
  [{ ratePerS: 0 }, /`ratePerS` to be a number > 0 or null, got 0/],
  [{ maxBodyBytes: 1.5 }, /`maxBodyBytes` to be a positive integer/],
  [{ latencyMs: [20, 10] as [number, number] }, /`latencyMs\[1\]` to be a number >= latencyMs\[0\] \(20\), got 10/],
  [{ port: 70_000 }, /`port`/],
  [{ apiKey: '' }, /`apiKey` to be a non-empty string or null, got an empty string/],
  [{ seed: 'x' as unknown as number }, /`seed` to be an integer, got "x" \(string\)/],
])('refuses %o', (options, message) => {
  expect(() => resolveServerOptions(options)).toThrow(message);
});

test('close() frees the port and a second server gets its own', async () => {
  const a = await startEmbeddingServer();
  const b = await startEmbeddingServer();
  expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(b.url).not.toBe(a.url);
  await Promise.all([a.close(), b.close()]);
  await expect(fetch(`${a.url}/healthz`)).rejects.toThrow();
});
