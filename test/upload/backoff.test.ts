import { describe, expect, test } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs } from '../../src/upload/backoff.js';

describe('backoffDelayMs (full jitter)', () => {
  const options = { baseMs: 100, capMs: 1000 };
  test.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])('retry %i waits up to %i ms', (retry, ceilingMs) => {
    expect(backoffDelayMs(retry, options, () => 0)).toBe(0);
    expect(backoffDelayMs(retry, options, () => 0.5)).toBe(ceilingMs / 2);
    expect(backoffDelayMs(retry, options, () => 0.999999)).toBeCloseTo(ceilingMs, 2);
  });
});

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2025-01-01T00:00:00Z');
  test.each([
    ['1', 1000],
    ['0', 0],
    ['2.5', 2500],
    [' 3 ', 3000],
    ['Wed, 01 Jan 2025 00:00:07 GMT', 7000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    [['4', '9'], 4000],
  ])('%j → %i ms', (value, expected) => {
    expect(parseRetryAfterMs(value, nowMs)).toBe(expected);
  });

  test.each([undefined, '', 'soon', '-1'])('%j → null', (value) => {
    expect(parseRetryAfterMs(value, nowMs)).toBeNull();
  });
});
