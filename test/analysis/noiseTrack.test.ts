import { describe, expect, it } from 'vitest';
import { NoiseTracker, type BandLimits, type NoiseTrackShape } from '../../src/analysis/noiseTrack.js';
import { seededRandom } from '../helpers/signals.js';

/** Plain TypeScript steps 1–5 of noise.ts for one band, as they were before the kernel. */
function reference(power: Float32Array, s: NoiseTrackShape, l: BandLimits): { track: Float64Array; mean: Float64Array } {
  const n = power.length;
  const smoothed = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const from = Math.max(0, t - s.smoothHalf);
    const to = Math.min(n - 1, t + s.smoothHalf);
    let sum = 0;
    for (let u = from; u <= to; u++) sum += power[u]!;
    smoothed[t] = sum / (to - from + 1);
  }
  const track = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let m = Infinity;
    for (let u = Math.max(s.first, Math.min(t - s.half, s.last)); u <= Math.min(s.last, Math.max(s.first, t + s.half)); u++) m = Math.min(m, smoothed[u]!);
    track[t] = m * l.biasCompensation;
  }
  const average = (limit: number, reference: Float64Array, out: Float64Array): boolean => {
    const noiseOnly = Array.from({ length: n }, (_, t) => t >= s.first && t <= s.last && smoothed[t]! <= limit * reference[t]!);
    const sum = new Float64Array(n + 1);
    const count = new Int32Array(n + 1);
    for (let t = 0; t < n; t++) {
      sum[t + 1] = sum[t]! + (noiseOnly[t] ? power[t]! : 0);
      count[t + 1] = count[t]! + (noiseOnly[t] ? 1 : 0);
    }
    const needed = Math.min(s.minCells, count[n]!);
    if (needed < s.minClipCells) return false;
    const result = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      for (let h = s.half; ; h *= 2) {
        const lo = Math.max(0, t - h);
        const hi = Math.min(n, t + h + 1);
        const cells = count[hi]! - count[lo]!;
        if (cells >= needed) {
          result[t] = (sum[hi]! - sum[lo]!) * (1 / cells);
          break;
        }
      }
    }
    out.set(result);
    return true;
  };
  for (let pass = 0; pass < 2; pass++) average(l.delta, track, track);
  const mean = new Float64Array(n);
  if (!average(l.meanDelta, track, mean)) mean.set(track);
  return { track, mean };
}

/** Band power of stationary noise (exponential cells, mean `floor`) with bursts of speech 20 dB above it. */
function bandPower(frames: number, floor: number, seed: number, bursts: Array<[number, number]>): Float32Array {
  const random = seededRandom(seed);
  const power = Float32Array.from({ length: frames }, () => -floor * Math.log(1 - random()));
  for (const [from, to] of bursts) for (let t = from; t < to; t++) power[t] = power[t]! + 100 * floor * (0.5 + random());
  return power;
}

// As noise.ts sets them for a band of 10 degrees of freedom (one bin, 5 frames smoothed).
const limits: BandLimits = { biasCompensation: 10 ** (1.6 / Math.sqrt(10)), delta: 1 + 3 * Math.sqrt(2 / 10), meanDelta: 1 + 8 * Math.sqrt(2 / 10) };

describe('the noise tracker kernel', () => {
  it('tracks a band exactly as the plain TypeScript steps do, and its mean noise is the noise floor', () => {
    const frames = 1500;
    const shape: NoiseTrackShape = { frames, half: 60, smoothHalf: 2, first: 2, last: frames - 3, minCells: 20, minClipCells: 3 };
    const tracker = new NoiseTracker(shape, 2);
    // Syllables of 0.3 s with 0.15 s pauses over most of the clip.
    const syllables = Array.from({ length: 25 }, (_, k): [number, number] => [100 + 45 * k, 130 + 45 * k]);
    const power = bandPower(frames, 1e-6, 3, syllables);
    const quiet = bandPower(frames, 1e-9, 4, []);
    tracker.columns[0]!.set(power);
    tracker.columns[1]!.set(quiet);
    tracker.run(0, limits);
    const expected = reference(power, shape, limits);
    expect(tracker.track).toEqual(expected.track);
    expect(tracker.mean).toEqual(expected.mean);
    // Between and under the bursts the mean noise stays near the floor, not the speech 20 dB above it.
    const mean = tracker.mean.reduce((a, b) => a + b, 0) / frames;
    expect(10 * Math.log10(mean / 1e-6)).toBeLessThan(0.5);
    expect(10 * Math.log10(mean / 1e-6)).toBeGreaterThan(-0.5);
    tracker.run(1, limits);
    expect(tracker.track).toEqual(reference(quiet, shape, limits).track);
  });

  it('keeps the minimum as the track and copies it to the mean when almost no cell holds only noise', () => {
    const frames = 300;
    const shape: NoiseTrackShape = { frames, half: 60, smoothHalf: 2, first: 0, last: frames - 1, minCells: 20, minClipCells: 3 };
    const tracker = new NoiseTracker(shape, 1);
    const power = bandPower(frames, 1e-6, 5, [[0, 300]]);
    tracker.columns[0]!.set(power);
    tracker.run(0, { biasCompensation: 1, delta: 1e-3, meanDelta: 1e-3 });
    const expected = reference(power, shape, { biasCompensation: 1, delta: 1e-3, meanDelta: 1e-3 });
    expect(tracker.track).toEqual(expected.track);
    expect(tracker.mean).toEqual(tracker.track);
  });
});
