import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../src/analysis/select.js';
import { seededRandom } from '../helpers/signals.js';

describe('kthSmallest', () => {
  it('returns what a full sort puts at k, and leaves smaller values before k and larger after (Float64, Float32)', () => {
    const random = seededRandom(5);
    const arrays = [
      Float64Array.from({ length: 1501 }, () => random() * 1e-6),
      Float64Array.from({ length: 64 }, () => Math.floor(random() * 3)),
      Float64Array.from({ length: 400 }, (_, i) => i),
      Float32Array.from({ length: 400 }, (_, i) => -i),
      Float32Array.of(7),
    ];
    for (const original of arrays) {
      const sorted = original.slice().sort();
      for (const k of [0, 1, original.length >> 2, original.length >> 1, original.length - 1]) {
        if (k >= original.length) continue;
        const values = original.slice();
        const v = kthSmallest(values, k);
        expect(v).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(values[i]).toBeLessThanOrEqual(v);
        for (let i = k + 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(v);
      }
    }
  });
});
