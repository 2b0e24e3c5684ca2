import { expect, test } from 'vitest';
import { TokenBucket } from '../../src/server/rateLimit.js';

test('a bucket admits its burst, then one request per 1/rate seconds', () => {
  const bucket = new TokenBucket(4, 2);
  expect([bucket.take(0), bucket.take(0)]).toEqual([0, 0]);
  expect(bucket.take(0)).toBeCloseTo(0.25, 9);
  expect(bucket.take(100)).toBeCloseTo(0.15, 9);
  expect(bucket.take(250)).toBe(0);
  expect(bucket.take(250)).toBeCloseTo(0.25, 9);
  // A long pause refills at most `burst` tokens.
  expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000) > 0]).toEqual([0, 0, true]);
});

test('over a long run it admits the rate plus the initial burst', () => {
  const bucket = new TokenBucket(10, 2);
  let admitted = 0;
  for (let ms = 0; ms < 60_000; ms += 7) if (bucket.take(ms) === 0) admitted++;
  // 60 s × 10/s + 2 saved up; a request arriving with a token to spare keeps the spare (burst 2).
  expect(admitted).toBeGreaterThanOrEqual(600);
  expect(admitted).toBeLessThanOrEqual(602);
});
