import { describe, expect, test } from 'vitest';
import { parseRate, UploadError } from '../../src/upload/index.js';
import { queueRateOptions } from '../../src/upload/rate.js';

describe('parseRate', () => {
  test.each([
    ['10/s', { count: 10, perMs: 1000 }],
    ['600/min', { count: 600, perMs: 60_000 }],
    [' 5 / sec ', { count: 5, perMs: 1000 }],
    ['100/h', { count: 100, perMs: 3_600_000 }],
    ['0.5/s', { count: 1, perMs: 2000 }],
    ['2.5/s', { count: 1, perMs: 400 }],
  ])('%j → %j', (text, expected) => {
    expect(parseRate(text)).toEqual(expected);
  });

  test.each(['', '10', '10/', '/s', '-1/s', '0/s', '10/day', 'ten/s', '1e3/s'])('refuses %j with a message naming the input', (text) => {
    const error = (() => {
      try {
        parseRate(text);
      } catch (e) {
        return e;
      }
    })() as UploadError;
    expect(error).toBeInstanceOf(UploadError);
    expect(error.code).toBe('UPLOAD_CONFIG');
    expect(error.message).toContain(`"${text}"`);
  });
});

describe('queueRateOptions', () => {
  test.each([
    [{ count: 200, perMs: 1000 }, 2, 10],
    [{ count: 1000, perMs: 1000 }, 10, 10],
    [{ count: 7, perMs: 1000 }, 1, 1000 / 7],
    [{ count: 350, perMs: 1000 }, 2, 2000 / 350],
    [{ count: 3, perMs: 5 }, 3, 5],
  ])('%j is spread as %i per %f ms', (rate, intervalCap, intervalMs) => {
    const options = queueRateOptions(rate);
    expect(options.intervalCap).toBe(intervalCap);
    expect(options.interval).toBeCloseTo(intervalMs, 9);
    // A perMs window is a whole number of intervals, so it never holds more than `count` starts.
    expect(rate.count % options.intervalCap).toBe(0);
    expect((rate.count / options.intervalCap) * options.interval).toBeCloseTo(rate.perMs, 9);
  });
});

test.each([{ count: 0, perMs: 1000 }, { count: 1.5, perMs: 1000 }, { count: 10, perMs: 0 }, { count: 10, perMs: Number.NaN }])('queueRateOptions refuses %j', (rate) => {
  expect(() => queueRateOptions(rate)).toThrow(/Expected a rate with a whole `count`/);
});
