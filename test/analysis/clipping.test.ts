import { describe, expect, it } from 'vitest';
import { measureClipping } from '../../src/analysis/clipping.js';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { readWav } from '../helpers/wav.js';

const SPEECH = ['1688-142285-0003', 'cmu_arctic_us_axb_a0004', 'p286_011'];

/** Hard-clips at the |x| quantile that leaves `fraction` of the samples at or beyond it; returns the exact clipped count. */
function hardClip(x: Float32Array, fraction: number, gain: number): { y: Float32Array; clipped: number } {
  const magnitudes = Float32Array.from(x, (v) => Math.abs(v * gain)).sort();
  const level = Math.fround(magnitudes[Math.floor((1 - fraction) * magnitudes.length)]!);
  let clipped = 0;
  const y = x.map((v) => {
    const s = Math.fround(v * gain);
    if (Math.abs(s) >= level) {
      clipped++;
      return Math.sign(s) * level;
    }
    return s;
  });
  return { y, clipped };
}

describe('measureClipping on real speech', () => {
  it.each(SPEECH.flatMap((name) => [0.001, 0.01, 0.05].map((fraction) => [name, fraction] as const)))(
    '%s hard-clipped on %f of its samples: clippedRatio within 10 %% relative',
    (name, fraction) => {
      const w = readWav(`test/fixtures/speech/${name}.wav`);
      // Gain 3 pushes the clip level past full scale for the larger fractions, as an overdriven input would.
      const { y, clipped } = hardClip(w.channels[0]!, fraction, 3);
      const m = measureClipping(extractFeatures([y], w.sampleRateHz));
      const truth = clipped / y.length;
      expect(Math.abs(m.clippedRatio - truth) / truth).toBeLessThanOrEqual(0.1);
      expect(m.clippedRuns.length).toBeGreaterThan(0);
    },
  );

  it.each(SPEECH)('finds no clipping in unclipped %s', (name) => {
    const w = readWav(`test/fixtures/speech/${name}.wav`);
    const m = measureClipping(extractFeatures(w.channels, w.sampleRateHz));
    expect(m.clippedRatio).toBe(0);
    expect(m.clippedRuns).toEqual([]);
  });

  it('marks where the clipping is', () => {
    const w = readWav('test/fixtures/speech/1688-142285-0003.wav');
    const x = w.channels[0]!.slice();
    // Clip only the second half.
    const half = x.length >> 1;
    const { y } = hardClip(x.subarray(half), 0.01, 2);
    x.set(y, half);
    const m = measureClipping(extractFeatures([x], w.sampleRateHz));
    expect(m.clippedRuns.every((r) => r.startS >= half / w.sampleRateHz)).toBe(true);
  });
});
