/**
 * The level of a mains hum family read where the voice leaves the low band: least-squares sinusoid fits at
 * exactly h·F in the quiet stretches of the decimated (≈1 kHz) signal. A steady hum is the same in every stretch,
 * while the voice's low harmonics, which sit on the hum lines in every 1 s block of a tightly cut take (where
 * hum.ts's per-bin quartile then has to leave those harmonics out), are absent between voiced sounds: in
 * closures, fricatives and pauses of 80 ms and more. This is the classic harmonic-regression estimate of line
 * amplitudes (the least-squares fit of known frequencies, as in Thomson's harmonic F-test and the "known
 * frequency" case of Kay, Fundamentals of Statistical Signal Processing I, §8.6), applied only where the
 * band is quiet.
 *
 * - Frames are a whole number of mains periods (2 × 20 ms at 50 Hz, 3 × 16.7 ms at 60 Hz), so the hum's own
 *   short-time energy is the same in every frame and choosing the quiet frames does not pick the hum's troughs
 *   (10 ms frames did: −0.5 to −1 dB).
 * - Quiet frames: energy ≤ QUIET_RATIO × the QUIET_PERCENTILE of the frame energies; runs of at least
 *   MIN_RUN_FRAMES, cut into pieces of at most MAX_PIECE_S (a mains line a few tenths of a hertz off nominal
 *   then drifts less than a tenth of a cycle at 400 Hz within a piece).
 * - Each piece is fitted with a constant and cos/sin at every h·F ≤ MAX_HZ together; a harmonic's power is
 *   (a² + b²)/2 less the fit's noise bias (2σ²/N for residual variance σ² over N samples). Powers are averaged
 *   over the pieces, weighted by length, and a harmonic counts when its mean stands MIN_BIAS_RATIO × above its
 *   mean bias (the noise alone reads about 1 ×).
 * - At most MAX_FITTED_S of quiet signal is fitted, pieces spread evenly over the kept signal.
 *
 * Eval (bench/eval/levels.ts, hum added to clean speech whose own mains lines were ≥ 20 dB below it): worst error
 * at −30/−40/−50 dBFS 0.32/0.42/0.51 dB; with the block quartile alone (hum.ts), `npm run eval` at 3106ac6 read
 * 1.56/3.55/5.94 dB.
 */
import { lowBandPowerGain } from './features/lowBand.js';
import type { LowBandSpectrum } from './features/types.js';
import { kthSmallest } from './select.js';

const QUIET_RATIO = 2;
const QUIET_PERCENTILE = 0.1;
const MIN_RUN_FRAMES = 2;
const MAX_PIECE_S = 0.25;
const MAX_FITTED_S = 60;
const MAX_HZ = 400;
const MIN_BIAS_RATIO = 2;

/** Frame length in samples: the whole number of mains periods closest above 35 ms. */
function frameLength(rateHz: number, mainsHz: number): number {
  const periods = Math.ceil(0.035 * mainsHz);
  return Math.round((periods * rateHz) / mainsHz);
}

interface Piece {
  start: number;
  length: number;
}

function quietPieces(y: Float32Array, frame: number, rateHz: number): Piece[] {
  const frames = Math.floor(y.length / frame);
  if (frames < MIN_RUN_FRAMES) return [];
  const energy = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let i = t * frame, end = i + frame; i < end; i++) sum += y[i]! * y[i]!;
    energy[t] = sum;
  }
  const threshold = QUIET_RATIO * kthSmallest(energy.slice(), Math.floor(QUIET_PERCENTILE * (frames - 1)));
  // Digital silence (energy 0) is not a quiet stretch of the recording: nothing of the hum is in it.
  const quiet = (t: number): boolean => energy[t]! > 0 && energy[t]! <= threshold;
  const maxPieceFrames = Math.max(MIN_RUN_FRAMES, Math.floor((MAX_PIECE_S * rateHz) / frame));
  const pieces: Piece[] = [];
  for (let t = 0; t < frames; ) {
    if (!quiet(t)) {
      t++;
      continue;
    }
    let end = t;
    while (end < frames && quiet(end)) end++;
    for (let from = t; end - from >= MIN_RUN_FRAMES; from += maxPieceFrames) {
      pieces.push({ start: from * frame, length: Math.min(maxPieceFrames, end - from) * frame });
    }
    t = end;
  }
  const maxSamples = MAX_FITTED_S * rateHz;
  const total = pieces.reduce((sum, p) => sum + p.length, 0);
  if (total <= maxSamples) return pieces;
  const step = total / maxSamples;
  return pieces.filter((_, i) => Math.floor(i / step) !== Math.floor((i - 1) / step));
}

/** Solves the symmetric positive system g·x = r in place (Cholesky); false when it is singular. */
function solveSymmetric(g: Float64Array, r: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = g[j * n + j]!;
    for (let k = 0; k < j; k++) d -= g[j * n + k]! * g[j * n + k]!;
    if (!(d > 1e-12 * (g[j * n + j]! || 1))) return false;
    const root = Math.sqrt(d);
    g[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = g[i * n + j]!;
      for (let k = 0; k < j; k++) s -= g[i * n + k]! * g[j * n + k]!;
      g[i * n + j] = s / root;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = r[i]!;
    for (let k = 0; k < i; k++) s -= g[i * n + k]! * r[k]!;
    r[i] = s / g[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = r[i]!;
    for (let k = i + 1; k < n; k++) s -= g[k * n + i]! * r[k]!;
    r[i] = s / g[i * n + i]!;
  }
  return true;
}

/**
 * Power (A²/2, corrected for the anti-alias filter) of each of the family's lines h·F ≤ MAX_HZ (index h − 1) in
 * the quiet stretches, 0 where a line does not stand out, or null when the signal has no quiet stretch to fit.
 */
export function quietLinePowers(s: LowBandSpectrum, sourceRateHz: number, mainsHz: number): number[] | null {
  const { signal: y, sampleRateHz: rate } = s;
  const harmonics = Math.floor(MAX_HZ / mainsHz);
  const n = 1 + 2 * harmonics;
  const pieces = quietPieces(y, frameLength(rate, mainsHz), rate);
  if (pieces.length === 0) return null;
  const g = new Float64Array(n * n);
  const r = new Float64Array(n);
  const basis = new Float64Array(n);
  const rhs = new Float64Array(n);
  const power = new Float64Array(harmonics);
  const bias = new Float64Array(harmonics);
  const step = (2 * Math.PI * mainsHz) / rate;
  let fitted = 0;
  for (const { start, length } of pieces) {
    g.fill(0);
    r.fill(0);
    let energy = 0;
    basis[0] = 1;
    for (let i = start; i < start + length; i++) {
      const v = y[i]!;
      for (let h = 1; h <= harmonics; h++) {
        const phase = step * h * i;
        basis[2 * h - 1] = Math.cos(phase);
        basis[2 * h] = Math.sin(phase);
      }
      for (let p = 0; p < n; p++) {
        const bp = basis[p]!;
        r[p]! += bp * v;
        for (let q = 0; q <= p; q++) g[p * n + q]! += bp * basis[q]!;
      }
      energy += v * v;
    }
    rhs.set(r);
    if (!solveSymmetric(g, r, n)) continue;
    // Residual energy = Σv² − cᵀ·(Bᵀv) for the least-squares coefficients c.
    let explained = 0;
    for (let p = 0; p < n; p++) explained += r[p]! * rhs[p]!;
    const noise = Math.max(0, energy - explained) / Math.max(1, length - n);
    for (let h = 1; h <= harmonics; h++) {
      power[h - 1]! += ((r[2 * h - 1]! ** 2 + r[2 * h]! ** 2) / 2) * length;
      bias[h - 1]! += 2 * noise;
    }
    fitted += length;
  }
  if (fitted === 0) return null;
  const lines: number[] = [];
  for (let h = 1; h <= harmonics; h++) {
    const line = (power[h - 1]! - bias[h - 1]!) / fitted;
    const noiseOnly = bias[h - 1]! / fitted;
    lines.push(line >= MIN_BIAS_RATIO * noiseOnly ? line / lowBandPowerGain(sourceRateHz, h * mainsHz) : 0);
  }
  return lines;
}
