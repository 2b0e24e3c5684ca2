import { describe, expect, it } from 'vitest';
import { RealFft } from '../../../src/analysis/features/fft.js';
import { seededRandom } from '../../helpers/signals.js';

/** Bins 0 … n/2 of the DFT of `x`, summed directly. */
function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    for (let i = 0; i < n; i++) {
      re[k] = re[k]! + x[i]! * Math.cos((2 * Math.PI * k * i) / n);
      im[k] = im[k]! - x[i]! * Math.sin((2 * Math.PI * k * i) / n);
    }
  }
  return { re, im };
}

function naivePower(x: Float64Array): Float64Array {
  const { re, im } = naiveDft(x);
  return re.map((r, k) => r * r + im[k]! * im[k]!);
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

  it.each([4, 8, 64, 512])('spectrum(x) gives the complex DFT, phase included, size %i', (size) => {
    const random = seededRandom(size + 2);
    const x = Float64Array.from({ length: size }, () => random() * 2 - 1);
    const re = new Float64Array(size / 2 + 1);
    const im = new Float64Array(size / 2 + 1);
    new RealFft(size).spectrum(x, re, im);
    const expected = naiveDft(x);
    for (let k = 0; k <= size / 2; k++) {
      expect(re[k]).toBeCloseTo(expected.re[k]!, 9);
      expect(im[k]).toBeCloseTo(expected.im[k]!, 9);
    }
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(100)).toThrow(/power of two/);
  });
});
