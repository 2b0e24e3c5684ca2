import { RealFft, nextPowerOfTwo } from '../analysis/features/fft.js';
import { frameMeansAndEnergies, melFrameSums, type MelFilters } from './melFrames.js';

/**
 * The local server's voice vector. NOT the real service's model (a trained speaker network we cannot run
 * here): a classic, deterministic stand-in built from cepstral statistics, good enough that clips of one
 * speaker sit closer (cosine) to each other than to other speakers' clips (bench/embedding-eer.test.ts
 * measures the equal error rate on LibriSpeech: 0.2 %).
 *
 * Per 25 ms frame (20 ms hop, Hann window): log energies of MEL_BANDS triangular mel filters between
 * LOW_HZ and HIGH_HZ (fixed in Hz, so the vector does not depend on the sample rate as long as it covers
 * HIGH_HZ), then their DCT (MFCCs c1..c48; c0, the level, is left out). Over speech frames only (frame
 * energy within SPEECH_RANGE_DB of the loudest frames): mean and standard deviation of the MFCCs and the
 * standard deviation of their first and second deltas, 4 × 48 = 192 values. Coefficient n is scaled by
 * √n: cepstra shrink roughly as 1/n, so without it c1–c3 (overall spectral tilt, shared by all voices)
 * would dominate the cosine. √n was chosen on LibriSpeech and held up on the other labelled clean speech
 * in ../shared/data (8 speakers, EER 4 % against 13 % unscaled and 6 % with n).
 * The 20 ms hop halves the frames (and FFTs) per upload, which the server computes on the batch's main thread, at the same separation:
 * `npm run eval:speaker` read EER 0.2 % (LibriSpeech) and 1.3 % (all labelled clean speech) with 10 ms and 20 ms.
 * The vector is then L2-normalised. The frames' levels and mel filter sums run in the analysis' WebAssembly
 * kernels (melFrames.ts): the same values, in less of the main thread's time per upload.
 */
export const EMBEDDING_SIZE = 192;

const WINDOW_S = 0.025;
const HOP_S = 0.02;
const LOW_HZ = 60;
const HIGH_HZ = 7600;
const MEL_BANDS = 64;
const CEPSTRA = 48;
const SPEECH_RANGE_DB = 30;
const LOUD_PERCENTILE = 0.95;
const DELTA_REACH = 2;
const LOG_FLOOR = 1e-10;

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

function melFilters(sampleRateHz: number, fftSize: number): MelFilters {
  const binHz = sampleRateHz / fftSize;
  const lastBin = fftSize / 2;
  const lowMel = hzToMel(LOW_HZ);
  const highMel = hzToMel(HIGH_HZ);
  const edgesHz = Array.from({ length: MEL_BANDS + 2 }, (_, i) => melToHz(lowMel + ((highMel - lowMel) * i) / (MEL_BANDS + 1)));
  const first = new Int32Array(MEL_BANDS);
  const offset = new Int32Array(MEL_BANDS + 1);
  const weights: number[] = [];
  for (let b = 0; b < MEL_BANDS; b++) {
    const [left, centre, right] = [edgesHz[b]!, edgesHz[b + 1]!, edgesHz[b + 2]!];
    // Bands above the Nyquist frequency get no bins: their energy is the log floor.
    first[b] = Math.ceil(left / binHz);
    const last = Math.min(lastBin, Math.floor(right / binHz));
    for (let k = first[b]!; k <= last; k++) {
      const hz = k * binHz;
      weights.push(Math.max(0, hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre)));
    }
    offset[b + 1] = weights.length;
  }
  return { first, offset, weights: Float64Array.from(weights) };
}

/**
 * The orthonormal DCT-II rows 1..CEPSTRA through a real FFT of MEL_BANDS points (Makhoul 1980): with
 * v = (x0, x2, x4, …, x5, x3, x1), X_k = Re(e^(−iπk/2N)·V_k). A 48 × 64 matrix product cost as much as the
 * frame's 512-point FFT.
 */
const dctFft = RealFft.ofSize(MEL_BANDS);
const dctCos = Float64Array.from({ length: CEPSTRA + 1 }, (_, k) => Math.sqrt(2 / MEL_BANDS) * Math.cos((Math.PI * k) / (2 * MEL_BANDS)));
const dctSin = Float64Array.from({ length: CEPSTRA + 1 }, (_, k) => Math.sqrt(2 / MEL_BANDS) * Math.sin((Math.PI * k) / (2 * MEL_BANDS)));
const dctInput = new Float64Array(MEL_BANDS);
const dctRe = new Float64Array(MEL_BANDS / 2 + 1);
const dctIm = new Float64Array(MEL_BANDS / 2 + 1);

/** Writes DCT-II coefficients 1..CEPSTRA of `x` (length MEL_BANDS) to out[at …). */
function cepstrumOf(x: Float64Array, out: Float64Array, at: number): void {
  const half = MEL_BANDS / 2;
  for (let n = 0; n < half; n++) {
    dctInput[n] = x[2 * n]!;
    dctInput[MEL_BANDS - 1 - n] = x[2 * n + 1]!;
  }
  dctFft.spectrum(dctInput, dctRe, dctIm);
  for (let k = 1; k <= CEPSTRA; k++) {
    // A real input's spectrum is conjugate-symmetric: V_k = conj(V_(N−k)) above N/2.
    const re = k <= half ? dctRe[k]! : dctRe[MEL_BANDS - k]!;
    const im = k <= half ? dctIm[k]! : -dctIm[MEL_BANDS - k]!;
    out[at + k - 1] = dctCos[k]! * re + dctSin[k]! * im;
  }
}

/** The channels' mean (the input itself when it is mono). */
function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const mono = new Float32Array(channels[0]!.length);
  for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / channels.length;
  return mono;
}

/** A copy with non-finite samples read as 0. */
function zeroNonFinite(samples: Float32Array): Float32Array {
  return samples.map((v) => (Number.isFinite(v) ? v : 0));
}

/** What a sample rate's frames need, built once per rate (the server computes a vector per upload). */
interface FrameTables {
  windowSize: number;
  hop: number;
  fftSize: number;
  window: Float64Array;
  filters: MelFilters;
}

const tablesByRate = new Map<number, FrameTables>();

function frameTables(sampleRateHz: number): FrameTables {
  let tables = tablesByRate.get(sampleRateHz);
  if (!tables) {
    const windowSize = Math.max(16, Math.round(WINDOW_S * sampleRateHz));
    const fftSize = nextPowerOfTwo(windowSize);
    tables = {
      windowSize,
      hop: Math.max(1, Math.round(HOP_S * sampleRateHz)),
      fftSize,
      window: Float64Array.from({ length: windowSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / windowSize)),
      filters: melFilters(sampleRateHz, fftSize),
    };
    tablesByRate.set(sampleRateHz, tables);
  }
  return tables;
}

/**
 * Frames of CEPSTRA values stored one after another in a single array (frame t at [t·CEPSTRA, (t + 1)·CEPSTRA)):
 * no per-frame allocation, since the built-in server computes this for every upload on the main thread.
 */
interface CepstralFrames {
  values: Float64Array;
  count: number;
}

/** Each frame's mean (its DC, removed before the transform) and log energy after removing it. */
function frameLevels(samples: Float32Array, { windowSize, hop }: FrameTables): { mean: Float64Array; logEnergy: Float64Array } {
  const { means, energies } = frameMeansAndEnergies(samples, windowSize, hop);
  return { mean: means, logEnergy: energies.map((energy) => Math.log(energy / windowSize + LOG_FLOOR)) };
}

/**
 * MFCC frames (c1..c48) of the frames marked in `needed`; the others stay zero (the statistics read only
 * speech frames and their neighbours, see computeEmbedding).
 */
function cepstralFrames(samples: Float32Array, tables: FrameTables, means: Float64Array, needed: Uint8Array): CepstralFrames {
  const { windowSize, hop, fftSize, window, filters } = tables;
  const sums = melFrameSums(samples, { windowSize, hop, fft: RealFft.ofSize(fftSize), window, filters }, means, needed);
  const logMel = new Float64Array(MEL_BANDS);
  const frameCount = needed.length;
  const values = new Float64Array(frameCount * CEPSTRA);
  for (let f = 0; f < frameCount; f++) {
    if (needed[f] !== 1) continue;
    for (let b = 0; b < MEL_BANDS; b++) logMel[b] = Math.log(sums[f * MEL_BANDS + b]! / fftSize + LOG_FLOOR);
    cepstrumOf(logMel, values, f * CEPSTRA);
  }
  return { values, count: frameCount };
}

/**
 * Frames within 2·DELTA_REACH of a selected one: the second deltas at a selected frame read first deltas up to
 * DELTA_REACH away, which read cepstra up to DELTA_REACH further.
 */
function neededFrames(frameCount: number, selected: number[]): Uint8Array {
  const needed = new Uint8Array(frameCount);
  const reach = 2 * DELTA_REACH;
  for (const t of selected) needed.fill(1, Math.max(0, t - reach), Math.min(frameCount, t + reach + 1));
  return needed;
}

/** Regression deltas over ±DELTA_REACH frames, edges repeated. */
function deltas(frames: CepstralFrames): CepstralFrames {
  let norm = 0;
  for (let d = 1; d <= DELTA_REACH; d++) norm += 2 * d * d;
  const { values, count } = frames;
  const out = new Float64Array(values.length);
  for (let t = 0; t < count; t++) {
    for (let d = 1; d <= DELTA_REACH; d++) {
      const next = Math.min(count - 1, t + d) * CEPSTRA;
      const prev = Math.max(0, t - d) * CEPSTRA;
      for (let n = 0; n < CEPSTRA; n++) out[t * CEPSTRA + n]! += (d * (values[next + n]! - values[prev + n]!)) / norm;
    }
  }
  return { values: out, count };
}

/** Frames whose energy is within SPEECH_RANGE_DB of the loud end (none for digital silence). */
function speechFrames(logEnergy: Float64Array): number[] {
  if (logEnergy.length === 0) return [];
  const sorted = Float64Array.from(logEnergy).sort();
  const loud = sorted[Math.min(sorted.length - 1, Math.floor(LOUD_PERCENTILE * sorted.length))]!;
  const threshold = Math.max(loud - (SPEECH_RANGE_DB / 10) * Math.LN10, Math.log(LOG_FLOOR) + 1);
  const selected: number[] = [];
  logEnergy.forEach((e, i) => {
    if (e >= threshold) selected.push(i);
  });
  return selected;
}

function meanAndStd(frames: CepstralFrames, selected: number[]): { mean: Float64Array; std: Float64Array } {
  const { values } = frames;
  const mean = new Float64Array(CEPSTRA);
  const std = new Float64Array(CEPSTRA);
  for (const i of selected) for (let n = 0; n < CEPSTRA; n++) mean[n]! += values[i * CEPSTRA + n]! / selected.length;
  for (const i of selected) for (let n = 0; n < CEPSTRA; n++) std[n]! += (values[i * CEPSTRA + n]! - mean[n]!) ** 2 / selected.length;
  for (let n = 0; n < CEPSTRA; n++) std[n] = Math.sqrt(std[n]!);
  return { mean, std };
}

/** 192 values, L2-normalised (all zeros only for input too short to hold one frame, or digital silence). */
export function computeEmbedding(channels: Float32Array[], sampleRateHz: number): Float32Array {
  if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz)) throw new RangeError(`Expected a positive sample rate, got ${sampleRateHz}`);
  if (channels.length === 0) throw new RangeError('Expected at least one channel, got none');
  let samples = downmix(channels);
  const tables = frameTables(sampleRateHz);
  let levels = frameLevels(samples, tables);
  // Every frame's mean is finite exactly when its samples are, and only frames' samples are read: the levels
  // tell whether the input needs cleaning, without a pass of its own over every sample.
  if (!levels.mean.every(Number.isFinite)) {
    samples = zeroNonFinite(samples);
    levels = frameLevels(samples, tables);
  }
  const { mean, logEnergy } = levels;
  const selected = speechFrames(logEnergy);
  const out = new Float32Array(EMBEDDING_SIZE);
  if (selected.length === 0) return out;
  const cepstra = cepstralFrames(samples, tables, mean, neededFrames(logEnergy.length, selected));
  const d1 = deltas(cepstra);
  const d2 = deltas(d1);
  const statics = meanAndStd(cepstra, selected);
  const groups = [statics.mean, statics.std, meanAndStd(d1, selected).std, meanAndStd(d2, selected).std];
  groups.forEach((group, g) => {
    for (let n = 0; n < CEPSTRA; n++) out[g * CEPSTRA + n] = group[n]! * Math.sqrt(n + 1);
  });
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}
