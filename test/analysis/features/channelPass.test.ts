import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../src/analysis/features/extractor.js';
import { seededRandom, sine } from '../../helpers/signals.js';

/** A sine clipped at ±0.5 (runs of equal samples on both rails) over a little noise-free ramp-up. */
function clippedSine(): Float32Array {
  return sine(100, 0.8, 0.5, 16000).map((v, i) => (i < 800 ? v * 0.1 : Math.max(-0.5, Math.min(0.5, v))));
}

describe('the WebAssembly channel pass', () => {
  it('sums each channel exactly as a plain loop does, and Σ x·x₀ of an inverted channel is −Σ x₀²', () => {
    const random = seededRandom(5);
    const left = Float32Array.from({ length: 12345 }, () => random() * 2 - 1);
    const right = left.map((v) => -v);
    const [l, r] = extractFeatures([left, right], 16000, 1000).channelStats;
    let [sum, squares] = [0, 0];
    for (const v of left) {
      sum += v;
      squares += v * v;
    }
    expect(l!.sum).toBe(sum);
    expect(l!.sumSquares).toBe(squares);
    expect(l!.crossWithFirst).toBe(squares);
    expect(r!.sum).toBe(-sum);
    expect(r!.crossWithFirst).toBe(-squares);
  });

  it('zeroes non-finite samples in place, counts them, and measures the rest as if they were 0', () => {
    const x = sine(440, 0.5, 0.2, 16000);
    const clean = x.map((v, i) => (i % 1000 === 7 ? 0 : v));
    [NaN, Infinity, -Infinity].forEach((bad, k) => (x[7 + 1000 * k] = bad));
    x[3007] = NaN;
    const f = extractFeatures([x], 16000, 2048);
    const reference = extractFeatures([clean], 16000, 2048);
    expect(f.channelStats[0]!.nonFinite).toBe(4);
    expect(f.channelStats[0]!.sumSquares).toBe(reference.channelStats[0]!.sumSquares);
    expect(f.frameEnergy).toEqual(reference.frameEnergy);
    expect(Number.isFinite(f.mono.sumSquares)).toBe(true);
  });

  it('records the runs of equal samples on the rails, with their starts and lengths, whatever the chunking', () => {
    const x = clippedSine();
    const expected: [number, number, number][] = [];
    for (let i = 0; i < x.length; ) {
      let j = i;
      while (j < x.length && x[j] === x[i]) j++;
      if (j - i >= 3 && Math.abs(x[i]!) === 0.5) expected.push([x[i]!, i, j - i]);
      i = j;
    }
    expect(expected.length).toBeGreaterThan(80);
    for (const chunk of [x.length, 100, 7]) {
      const { plateaus } = extractFeatures([x], 16000, chunk);
      const got = Array.from({ length: plateaus.count }, (_, k) => [plateaus.value[k]!, plateaus.start[k]!, plateaus.length[k]!]);
      expect(got).toEqual(expected);
    }
  });
});
