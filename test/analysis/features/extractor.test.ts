import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../src/analysis/features/extractor.js';
import { seededRandom, sine } from '../../helpers/signals.js';

describe('extractFeatures', () => {
  const rate = 16000;
  const tone = sine(1000, 0.1, 2, rate);
  const features = extractFeatures([tone], rate, 4096);

  it('lays out 10 ms frames over the whole signal', () => {
    expect(features.hopSize).toBe(160);
    expect(features.frameCount).toBe(200);
    expect(features.sampleCount).toBe(32000);
    expect(features.fineEnergy.length).toBe(800);
  });

  it('keeps frame energy equal to the mean square (a sine of amplitude 0.1 has 0.005)', () => {
    for (let t = 0; t < features.frameCount; t++) expect(features.frameEnergy[t]).toBeCloseTo(0.005, 4);
  });

  it('normalises band power so that bands sum to the frame mean square, in the band holding 1 kHz', () => {
    const t = 100;
    let sum = 0;
    let best = 0;
    for (let b = 0; b < features.bandCount; b++) {
      const p = features.bandPower[t * features.bandCount + b]!;
      sum += p;
      if (p > features.bandPower[t * features.bandCount + best]!) best = b;
    }
    expect(sum).toBeCloseTo(0.005, 4);
    expect(features.bandEdgesHz[best]!).toBeLessThanOrEqual(1000);
    expect(features.bandEdgesHz[best + 1]!).toBeGreaterThan(1000);
  });

  it('resolves a 50 Hz tone in the low-band spectrum with its power A²/2', () => {
    const hum = sine(50, 0.01, 10, rate);
    const f = extractFeatures([hum], rate);
    const { power, binHz } = f.lowBandSpectrum;
    const peak = Math.round(50 / binHz);
    let sum = 0;
    for (let k = peak - 3; k <= peak + 3; k++) sum += power[k]!;
    expect(10 * Math.log10(sum)).toBeCloseTo(10 * Math.log10(0.00005), 1);
  });

  it.each([1, 37, 511, 1000, 40_000])('gives the same features whatever the chunk size (%i samples)', (chunkSize) => {
    const random = seededRandom(chunkSize);
    const speechLike = Float32Array.from(tone, (v, i) => v * (1 + Math.sin(i / 900)) + 0.01 * (random() - 0.5));
    const whole = extractFeatures([speechLike], rate, speechLike.length);
    const other = extractFeatures([speechLike], rate, chunkSize);
    // Spectral frames see the same samples whatever the chunking: bit-identical.
    expect(other.bandPower).toEqual(whole.bandPower);
    expect(other.levelSpectrum.power).toEqual(whole.levelSpectrum.power);
    expect(other.lowBandSpectrum.power).toEqual(whole.lowBandSpectrum.power);
    // Running sums may group their additions differently: equal up to float rounding.
    for (const key of ['frameEnergy', 'fineEnergy', 'speechBandFineEnergy', 'loudnessSubBlocks'] as const) {
      expect(other[key].length).toBe(whole[key].length);
      whole[key].forEach((v, i) => expect(Math.abs(other[key][i]! - v)).toBeLessThanOrEqual(1e-6 * Math.abs(v) + 1e-15));
    }
  });
});
