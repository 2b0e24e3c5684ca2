import { RealFft } from '../../analysis/features/fft.js';
import { encodeIndexedPng } from './png.js';

export interface SpectrogramOptions {
  width: number;
  height: number;
  /** Highest frequency drawn, Hz (capped at Nyquist). */
  maxHz: number;
  /** Colours span this many dB below the loudest cell. */
  rangeDb: number;
}

const FFT_SIZE = 512;

/**
 * Power in dB per pixel column (one Hann-windowed FFT centred on each column) and per row (linear frequency,
 * bottom row = 0 Hz). Returned as height × width, row 0 at the top.
 */
export function spectrogramDb(samples: Float32Array, sampleRateHz: number, options: Pick<SpectrogramOptions, 'width' | 'height' | 'maxHz'>): Float32Array {
  const { width, height } = options;
  const fft = RealFft.ofSize(FFT_SIZE);
  const window = Float64Array.from({ length: FFT_SIZE }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FFT_SIZE - 1)));
  const frame = new Float64Array(FFT_SIZE);
  const power = new Float64Array(FFT_SIZE / 2 + 1);
  const topHz = Math.min(options.maxHz, sampleRateHz / 2);
  const out = new Float32Array(width * height);
  for (let x = 0; x < width; x++) {
    const centre = Math.floor(((x + 0.5) * samples.length) / width);
    for (let i = 0; i < FFT_SIZE; i++) {
      const j = centre - FFT_SIZE / 2 + i;
      frame[i] = j >= 0 && j < samples.length ? samples[j]! * window[i]! : 0;
    }
    fft.powerSpectrum(frame, power);
    for (let y = 0; y < height; y++) {
      // Each row averages the bins it covers, so a tall picture of a narrow band does not alias.
      const loHz = ((height - 1 - y) * topHz) / height;
      const hiHz = ((height - y) * topHz) / height;
      const lo = Math.floor((loHz / sampleRateHz) * FFT_SIZE);
      const hi = Math.max(lo + 1, Math.ceil((hiHz / sampleRateHz) * FFT_SIZE));
      let sum = 0;
      for (let k = lo; k < hi && k < power.length; k++) sum += power[k]!;
      out[y * width + x] = 10 * Math.log10(sum / (hi - lo) + 1e-20);
    }
  }
  return out;
}

// A perceptually even dark-to-bright ramp (close to matplotlib's "magma" at these stops).
const STOPS: Array<[number, number, number]> = [
  [0, 0, 4],
  [40, 11, 84],
  [101, 21, 110],
  [159, 42, 99],
  [212, 72, 66],
  [245, 125, 21],
  [250, 193, 39],
  [252, 255, 164],
];

export function colour(t: number): [number, number, number] {
  const p = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(p));
  const f = p - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

const LEVELS = 64;
const PALETTE = Array.from({ length: LEVELS }, (_, i) => colour(i / (LEVELS - 1)));

/** The spectrogram as a PNG: the loudest cell brightest, `rangeDb` below it black, in 64 colour steps. */
export function spectrogramPng(samples: Float32Array, sampleRateHz: number, options: SpectrogramOptions): Buffer {
  const db = spectrogramDb(samples, sampleRateHz, options);
  let top = -Infinity;
  for (const v of db) if (v > top) top = v;
  const indices = new Uint8Array(db.length);
  for (let i = 0; i < db.length; i++) indices[i] = Math.round(Math.max(0, Math.min(1, 1 - (top - db[i]!) / options.rangeDb)) * (LEVELS - 1));
  return encodeIndexedPng(options.width, options.height, indices, PALETTE);
}
