import { describe, expect, it } from 'vitest';
import { RealFft } from '../../../src/analysis/features/fft.js';
import { seededRandom } from '../../helpers/signals.js';

function naivePower(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += x[i]! * Math.cos((2 * Math.PI * k * i) / n);
      im -= x[i]! * Math.sin((2 * Math.PI * k * i) / n);
    }
    out[k] = re * re + im * im;
  }
  return out;
}

describe('RealFft', () => {
  it.each([4, 8, 16, 32, 256, 512, 1024])('matches a direct DFT for size %i', (size) => {
    const random = seededRandom(size);
    const x = Float64Array.from({ length: size }, () => random() * 2 - 1);
    const expected = naivePower(x);
    const actual = new Float64Array(size / 2 + 1);
    new RealFft(size).powerSpectrum(x, actual);
    for (let k = 0; k < expected.length; k++) expect(actual[k]).toBeCloseTo(expected[k]!, 6);
  });

  it.each([4, 8, 16, 512])('windowedPowerSpectrum(samples, offset, window) equals the DFT of the windowed slice, size %i', (size) => {
    const random = seededRandom(size + 1);
    const offset = 3;
    const samples = Float32Array.from({ length: size + 7 }, () => random() * 2 - 1);
    const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / size));
    const expected = naivePower(Float64Array.from({ length: size }, (_, i) => samples[offset + i]! * window[i]!));
    const actual = new Float64Array(size / 2 + 1);
    new RealFft(size).windowedPowerSpectrum(samples, offset, window, actual);
    for (let k = 0; k < expected.length; k++) expect(actual[k]).toBeCloseTo(expected[k]!, 6);
  });

  it.each([4, 8, 64, 512])('spectrum(x) gives the complex DFT, phase included, size %i', (size) => {
    const random = seededRandom(size + 2);
    const x = Float64Array.from({ length: size }, () => random() * 2 - 1);
    const re = new Float64Array(size / 2 + 1);
    const im = new Float64Array(size / 2 + 1);
    new RealFft(size).spectrum(x, re, im);
    for (let k = 0; k <= size / 2; k++) {
      let expectedRe = 0;
      let expectedIm = 0;
      for (let n = 0; n < size; n++) {
        expectedRe += x[n]! * Math.cos((2 * Math.PI * k * n) / size);
        expectedIm -= x[n]! * Math.sin((2 * Math.PI * k * n) / size);
      }
      expect(re[k]).toBeCloseTo(expectedRe, 9);
      expect(im[k]).toBeCloseTo(expectedIm, 9);
    }
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(100)).toThrow(/power of two/);
  });
});
