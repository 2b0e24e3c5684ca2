import { describe, expect, it } from 'vitest';
import { RealFft } from '../../../src/analysis/features/fft.js';
import { LowBandAccumulator } from '../../../src/analysis/features/lowBand.js';
import { whiteNoise } from '../../helpers/signals.js';

/** A 1 kHz signal (no decimation: the accumulator takes it as it is): a 50 Hz line of amplitude 0.01 over white noise. */
function humOverNoise(seconds: number): Float32Array {
  const x = whiteNoise(0.001, seconds, 1000, 7);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + 0.01 * Math.sin((2 * Math.PI * 50 * i) / 1000);
  return x;
}

function linePower(seconds: number): { power: number; blocks: number } {
  const acc = new LowBandAccumulator(1000);
  const x = humOverNoise(seconds);
  for (let i = 0; i < x.length; i += 4096) acc.push(Float64Array.from(x.subarray(i, i + 4096)));
  const s = acc.finish();
  let power = 0;
  for (let k = Math.round(48 / s.binHz); k <= Math.round(52 / s.binHz); k++) power += s.power[k]!;
  return { power, blocks: s.blocks };
}

describe('LowBandAccumulator', () => {
  it('reads a 50 Hz line of amplitude A as A²/2', () => {
    const { power } = linePower(30);
    expect(10 * Math.log10(power)).toBeCloseTo(10 * Math.log10(0.01 ** 2 / 2), 1);
  });

  it('keeps a bounded, evenly spread subset of blocks on a long input, with the same quantile', () => {
    const long = linePower(1500); // 25 minutes: 5,856 blocks seen
    expect(long.blocks).toBeLessThanOrEqual(2048);
    expect(long.blocks).toBeGreaterThanOrEqual(1024);
    expect(10 * Math.log10(long.power)).toBeCloseTo(10 * Math.log10(linePower(30).power), 1);
  });

  it('transforms each 1024-sample block as RealFft does, whatever the chunking', () => {
    const x = humOverNoise(8);
    const spectra = (chunk: number) => {
      const acc = new LowBandAccumulator(1000);
      for (let i = 0; i < x.length; i += chunk) acc.push(Float64Array.from(x.subarray(i, i + chunk)));
      return acc.finish();
    };
    const whole = spectra(x.length);
    expect(spectra(777)).toEqual(whole);
    // The per-bin minimum over the blocks (every 256 samples), from a plain RealFft of each Hann-windowed block.
    const fft = RealFft.ofSize(1024);
    const window = Float64Array.from({ length: 1024 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 1024));
    const energy = window.reduce((a, w) => a + w * w, 0);
    const power = new Float64Array(513);
    const columns: number[][] = Array.from({ length: whole.minimum.length }, () => []);
    for (let start = 0; start + 1024 <= x.length; start += 256) {
      fft.powerSpectrum(Float64Array.from({ length: 1024 }, (_, i) => x[start + i]! * window[i]!), power);
      columns.forEach((column, k) => column.push(Math.fround(power[k]! * ((k === 0 ? 1 : 2) / (1024 * energy)))));
    }
    expect(whole.blocks).toBe(columns[0]!.length);
    expect(whole.minimum).toEqual(Float64Array.from(columns, (column) => Math.min(...column)));
    // The lower quartile, interpolated between order statistics as numpy's default quantile, from a full sort.
    const quartile = (column: number[]) => {
      const sorted = [...column].sort((a, b) => a - b);
      const at = 0.25 * (sorted.length - 1);
      const k0 = Math.floor(at);
      const low = sorted[k0]!;
      return low + (at - k0) * (sorted[Math.min(k0 + 1, sorted.length - 1)]! - low);
    };
    expect(whole.power).toEqual(Float64Array.from(columns, quartile));
  });

  it('reads the quartile of one, two and five blocks as numpy does', () => {
    for (const blocks of [1, 2, 5]) {
      const acc = new LowBandAccumulator(1000);
      acc.push(Float64Array.from(humOverNoise((1024 + 256 * (blocks - 1)) / 1000)));
      const s = acc.finish();
      expect(s.blocks).toBe(blocks);
      for (let k = 0; k < s.power.length; k++) {
        expect(s.power[k]).toBeGreaterThanOrEqual(s.minimum[k]!);
        if (blocks === 1) expect(s.power[k]).toBe(s.minimum[k]);
      }
    }
  });
});
