/**
 * Ground truth of a room impulse response (ISO 3382-1 quantities):
 * - onset: the first sample within 20 dB of the peak (the direct sound), moved 2.5 ms earlier;
 * - optional band limitation: zero-phase FFT mask with raised-cosine edges half an octave wide;
 * - noise-floor truncation after Lundeby, Vigran, Bietz & Vorländer (1995), one iteration: the noise level is
 *   the mean square of the last 10 % of the response; a line fitted to the 10 ms energy envelope from its peak
 *   down to 10 dB above the noise meets the noise level at the truncation time; the energy the decay would
 *   still have had after it is added back as the integral of that line (their compensation term);
 * - Schroeder (1965) backward integration gives the energy decay curve (EDC);
 * - C50 = 10·log10(E(0–50 ms) / E(50 ms–end)); T30 (or T20 when the EDC does not reach −35 dB above the
 *   truncation) from a least-squares line over −5…−35 dB (−5…−25 dB), extrapolated to 60 dB.
 */
import { complexFft, nextPowerOfTwo } from './convolve.js';

export interface RirTruth {
  c50Db: number;
  /** Reverberation time from the fitted range, or null when the EDC does not even reach −25 dB. */
  rt60S: number | null;
  rt60Range: 'T30' | 'T20' | null;
  onsetIndex: number;
  truncationS: number;
}

const ONSET_RELATIVE_DB = -20;
const ONSET_LEAD_S = 0.0025;
const BLOCK_S = 0.01;

export function rirOnsetIndex(h: Float32Array, sampleRateHz: number): number {
  let peak = 0;
  for (const v of h) peak = Math.max(peak, Math.abs(v));
  const threshold = peak * 10 ** (ONSET_RELATIVE_DB / 20);
  let first = 0;
  while (first < h.length && Math.abs(h[first]!) < threshold) first++;
  return Math.max(0, first - Math.round(ONSET_LEAD_S * sampleRateHz));
}

/** Zero-phase band-pass: unity gain in [lowHz, highHz], raised-cosine skirts down to lowHz/√2 and up to highHz·√2. */
export function bandLimit(h: Float32Array, sampleRateHz: number, lowHz: number, highHz: number): Float32Array {
  const n = nextPowerOfTwo(2 * h.length);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(h);
  complexFft(re, im);
  for (let k = 0; k <= n / 2; k++) {
    const f = (k * sampleRateHz) / n;
    const octaves = f <= 0 ? -Infinity : Math.log2(f < lowHz ? f / lowHz : f > highHz ? f / highHz : 1);
    const gain = Math.abs(octaves) >= 0.5 ? 0 : 0.5 + 0.5 * Math.cos(2 * Math.PI * octaves);
    for (const i of k === 0 || k === n / 2 ? [k] : [k, n - k]) {
      re[i] = re[i]! * gain;
      im[i] = im[i]! * gain;
    }
  }
  complexFft(re, im, true);
  return Float32Array.from(re.subarray(0, h.length));
}

function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}

export function rirTruth(h: Float32Array, sampleRateHz: number): RirTruth {
  const onsetIndex = rirOnsetIndex(h, sampleRateHz);
  const e = new Float64Array(h.length - onsetIndex);
  for (let i = 0; i < e.length; i++) e[i] = h[onsetIndex + i]! ** 2;

  // Lundeby truncation on the 10 ms energy envelope.
  const block = Math.round(BLOCK_S * sampleRateHz);
  const blockDb: number[] = [];
  for (let start = 0; start + block <= e.length; start += block) {
    let sum = 0;
    for (let i = start; i < start + block; i++) sum += e[i]!;
    blockDb.push(10 * Math.log10(sum / block + 1e-30));
  }
  const tail = e.subarray(Math.floor(0.9 * e.length));
  const noiseDb = 10 * Math.log10(tail.reduce((s, v) => s + v, 0) / tail.length + 1e-30);
  let peakBlock = 0;
  blockDb.forEach((v, i) => {
    if (v > blockDb[peakBlock]!) peakBlock = i;
  });
  let endBlock = peakBlock + 1;
  while (endBlock < blockDb.length && blockDb[endBlock]! > noiseDb + 10) endBlock++;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = peakBlock; i < endBlock; i++) {
    xs.push((i + 0.5) * BLOCK_S);
    ys.push(blockDb[i]!);
  }
  const line = fitLine(xs, ys);
  const crossingS = line.slope < 0 ? (noiseDb - line.intercept) / line.slope : e.length / sampleRateHz;
  const truncation = Math.min(e.length, Math.max(Math.round(crossingS * sampleRateHz), endBlock * block));
  const compensation = line.slope < 0 ? (10 ** (noiseDb / 10) * 10) / (-line.slope * Math.LN10) * sampleRateHz : 0;

  const edc = new Float64Array(truncation + 1);
  edc[truncation] = compensation;
  for (let i = truncation - 1; i >= 0; i--) edc[i] = edc[i + 1]! + e[i]!;
  const total = edc[0]!;
  const at50 = edc[Math.min(truncation, Math.round(0.05 * sampleRateHz))]!;
  const c50Db = 10 * Math.log10((total - at50) / at50);

  const edcDb = Array.from(edc, (v) => 10 * Math.log10(v / total));
  const lowestDb = 10 * Math.log10(compensation / total);
  const range = lowestDb <= -35 ? ({ name: 'T30', lowDb: -35 } as const) : lowestDb <= -25 ? ({ name: 'T20', lowDb: -25 } as const) : null;
  let rt60S: number | null = null;
  if (range) {
    const fx: number[] = [];
    const fy: number[] = [];
    edcDb.forEach((db, i) => {
      if (db <= -5 && db >= range.lowDb) {
        fx.push(i / sampleRateHz);
        fy.push(db);
      }
    });
    const fit = fitLine(fx, fy);
    rt60S = fit.slope < 0 ? -60 / fit.slope : null;
  }
  return { c50Db, rt60S, rt60Range: range?.name ?? null, onsetIndex, truncationS: truncation / sampleRateHz };
}
