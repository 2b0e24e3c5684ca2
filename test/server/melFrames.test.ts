import { describe, expect, it } from 'vitest';
import { RealFft } from '../../src/analysis/features/fft.js';
import { frameMeansAndEnergies, melFrameSums, type MelFilters } from '../../src/server/melFrames.js';
import { seededRandom } from '../helpers/signals.js';

const WINDOW = 400;
const HOP = 320;
const FFT = 512;

/** Three overlapping triangles over bins 2 … 40. */
const FILTERS: MelFilters = {
  first: Int32Array.from([2, 10, 20]),
  offset: Int32Array.from([0, 15, 30, 51]),
  weights: Float64Array.from({ length: 51 }, (_, j) => 1 - Math.abs(((j % 17) - 8) / 9)),
};

function signal(seconds: number): Float32Array {
  const random = seededRandom(11);
  return Float32Array.from({ length: seconds * 16000 }, (_, i) => 0.3 * Math.sin(i * 0.07) + 0.1 * (random() - 0.5) + 0.02);
}

describe("the built-in server's mel frames in WebAssembly", () => {
  it('give the same frame means and energies as plain loops, bit for bit', () => {
    const x = signal(1);
    const { means, energies } = frameMeansAndEnergies(x, WINDOW, HOP);
    expect(means.length).toBe(1 + Math.floor((x.length - WINDOW) / HOP));
    means.forEach((mean, f) => {
      let m = 0;
      for (let i = 0; i < WINDOW; i++) m += x[f * HOP + i]!;
      m /= WINDOW;
      let e = 0;
      for (let i = 0; i < WINDOW; i++) e += (x[f * HOP + i]! - m) ** 2;
      expect(mean).toBe(m);
      expect(energies[f]).toBe(e);
    });
  });

  it('give the same filter sums as RealFft and a filter loop, bit for bit, and 0 for frames not needed', () => {
    const x = signal(1);
    const window = Float64Array.from({ length: WINDOW }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / WINDOW));
    const { means } = frameMeansAndEnergies(x, WINDOW, HOP);
    const needed = Uint8Array.from(means, (_, f) => (f % 3 === 1 ? 0 : 1));
    const fft = new RealFft(FFT);
    const sums = melFrameSums(x, { windowSize: WINDOW, hop: HOP, fft, window, filters: FILTERS }, means, needed);
    const frame = new Float64Array(FFT);
    const power = new Float64Array(FFT / 2 + 1);
    for (let f = 0; f < needed.length; f++) {
      for (let i = 0; i < WINDOW; i++) frame[i] = (x[f * HOP + i]! - means[f]!) * window[i]!;
      fft.powerSpectrum(frame, power);
      for (let b = 0; b < 3; b++) {
        let sum = 0;
        for (let j = FILTERS.offset[b]!, k = FILTERS.first[b]!; j < FILTERS.offset[b + 1]!; j++, k++) sum += FILTERS.weights[j]! * power[k]!;
        expect(sums[f * 3 + b]).toBe(needed[f] === 1 ? sum : 0);
      }
    }
  });
});
