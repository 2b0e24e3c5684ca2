import { describe, expect, it } from 'vitest';
import { measureClipping } from '../../src/analysis/clipping.js';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { EXTREME_DISTINCT } from '../../src/analysis/features/extremes.js';
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

  it.each(SPEECH.flatMap((name) => [0.0001, 0.0003].map((fraction) => [name, fraction] as const)))(
    '%s lightly clipped on %f of its samples (1–2-sample tops): clippedRatio within 20 %% relative',
    (name, fraction) => {
      const w = readWav(`test/fixtures/speech/${name}.wav`);
      const { y, clipped } = hardClip(w.channels[0]!, fraction, 1);
      const truth = clipped / y.length;
      const m = measureClipping(extractFeatures([y], w.sampleRateHz));
      expect(Math.abs(m.clippedRatio - truth) / truth).toBeLessThanOrEqual(0.2);
    },
  );

  it.each(SPEECH.flatMap((name) => [-20, -40, -50].map((peakDbfs) => [name, peakDbfs] as const)))(
    'finds no clipping in unclipped %s requantised to 16 bits with its peak at %d dBFS (ties at the extreme)',
    (name, peakDbfs) => {
      const x = readWav(`test/fixtures/speech/${name}.wav`).channels[0]!;
      let peak = 0;
      for (const v of x) peak = Math.max(peak, Math.abs(v));
      const gain = 10 ** (peakDbfs / 20) / peak;
      const q = x.map((v) => Math.round(v * gain * 32768) / 32768);
      expect(measureClipping(extractFeatures([q], 16000)).clippedRatio).toBe(0);
    },
  );
});

describe('the distinct extremes of a channel', () => {
  it('keeps the most extreme distinct values with their counts, in both directions, across chunks', () => {
    const x = Float32Array.from({ length: 20000 }, (_, i) => Math.round(Math.sin(i * 0.37) * 1000 + ((i * 7919) % 13)) / 2048);
    const [stats] = extractFeatures([x], 16000, 777).channelStats;
    const counts = new Map<number, number>();
    for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [sign, e] of [[1, stats!.highest], [-1, stats!.lowest]] as const) {
      const expected = [...counts.keys()].sort((a, b) => sign * (b - a)).slice(0, EXTREME_DISTINCT);
      expect(Array.from(e.values.subarray(0, e.size))).toEqual(expected);
      expect(Array.from(e.counts.subarray(0, e.size))).toEqual(expected.map((v) => counts.get(v)));
    }
    expect(stats!.maxValue).toBe(Math.max(...x));
    expect(stats!.minCount).toBe(counts.get(Math.min(...x)));
  });
});
