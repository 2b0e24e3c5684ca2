import { RealFft, nextPowerOfTwo } from '../analysis/features/fft.js';

/**
 * The local server's voice vector. NOT the real service's model (a trained speaker network we cannot run
 * here): a classic, deterministic stand-in built from cepstral statistics, good enough that clips of one
 * speaker sit closer (cosine) to each other than to other speakers' clips (bench/embedding-eer.test.ts
 * measures the equal error rate on LibriSpeech: 0.2 %).
 *
 * Per 25 ms frame (10 ms hop, Hann window): log energies of MEL_BANDS triangular mel filters between
 * LOW_HZ and HIGH_HZ (fixed in Hz, so the vector does not depend on the sample rate as long as it covers
 * HIGH_HZ), then their DCT (MFCCs c1..c48; c0, the level, is left out). Over speech frames only (frame
 * energy within SPEECH_RANGE_DB of the loudest frames): mean and standard deviation of the MFCCs and the
 * standard deviation of their first and second deltas, 4 × 48 = 192 values. Coefficient n is scaled by
 * √n: cepstra shrink roughly as 1/n, so without it c1–c3 (overall spectral tilt, shared by all voices)
 * would dominate the cosine. √n was chosen on LibriSpeech and held up on the other labelled clean speech
 * in ../shared/data (8 speakers, EER 4 % against 13 % unscaled and 6 % with n).
 * The vector is then L2-normalised.
 */
export const EMBEDDING_SIZE = 192;

const WINDOW_S = 0.025;
const HOP_S = 0.01;
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

/** Triangular filters as [firstBin, weights] pairs over the power spectrum. */
function melFilters(sampleRateHz: number, fftSize: number): { first: number; weights: Float64Array }[] {
  const binHz = sampleRateHz / fftSize;
  const lastBin = fftSize / 2;
  const lowMel = hzToMel(LOW_HZ);
  const highMel = hzToMel(HIGH_HZ);
  const edgesHz = Array.from({ length: MEL_BANDS + 2 }, (_, i) => melToHz(lowMel + ((highMel - lowMel) * i) / (MEL_BANDS + 1)));
  return Array.from({ length: MEL_BANDS }, (_, b) => {
    const [left, centre, right] = [edgesHz[b]!, edgesHz[b + 1]!, edgesHz[b + 2]!];
    // Bands above the Nyquist frequency get no bins: their energy is the log floor.
    const first = Math.ceil(left / binHz);
    const last = Math.min(lastBin, Math.floor(right / binHz));
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      const hz = k * binHz;
      weights[k - first] = Math.max(0, hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre));
    }
    return { first, weights };
  });
}

const HALF_BANDS = MEL_BANDS / 2;

/**
 * Orthonormal DCT-II rows 1..CEPSTRA, left halves only, flat: row n − 1 at [(n − 1)·HALF_BANDS, n·HALF_BANDS).
 * Row n is even (n even) or odd (n odd) about the middle, so it is applied to x[b] ± x[MEL_BANDS − 1 − b].
 */
function dctHalfMatrix(): Float64Array {
  const matrix = new Float64Array(CEPSTRA * HALF_BANDS);
  for (let i = 0; i < CEPSTRA; i++) {
    const n = i + 1;
    for (let b = 0; b < HALF_BANDS; b++) matrix[i * HALF_BANDS + b] = Math.sqrt(2 / MEL_BANDS) * Math.cos((Math.PI * n * (b + 0.5)) / MEL_BANDS);
  }
  return matrix;
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const length = channels[0]?.length ?? 0;
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i]! += channel[i]! / channels.length;
  return mono;
}

/**
 * Frames of CEPSTRA values stored one after another in a single array (frame t at [t·CEPSTRA, (t + 1)·CEPSTRA)):
 * no per-frame allocation, since the built-in server computes this for every upload on the main thread.
 */
interface CepstralFrames {
  values: Float64Array;
  count: number;
}

/** MFCC frames (c1..c48) and each frame's log energy. */
function cepstralFrames(samples: Float32Array, sampleRateHz: number): { cepstra: CepstralFrames; logEnergy: Float64Array } {
  const windowSize = Math.max(16, Math.round(WINDOW_S * sampleRateHz));
  const hop = Math.max(1, Math.round(HOP_S * sampleRateHz));
  const fftSize = nextPowerOfTwo(windowSize);
  const fft = RealFft.ofSize(fftSize);
  const window = Float64Array.from({ length: windowSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / windowSize));
  const filters = melFilters(sampleRateHz, fftSize);
  const dct = dctHalfMatrix();
  const mirrorSum = new Float64Array(HALF_BANDS);
  const mirrorDifference = new Float64Array(HALF_BANDS);
  const frame = new Float64Array(fftSize);
  const power = new Float64Array(fftSize / 2 + 1);
  const logMel = new Float64Array(MEL_BANDS);
  const frameCount = samples.length < windowSize ? 0 : 1 + Math.floor((samples.length - windowSize) / hop);
  const values = new Float64Array(frameCount * CEPSTRA);
  const logEnergy = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    const start = f * hop;
    let mean = 0;
    for (let i = 0; i < windowSize; i++) mean += finite(samples[start + i]!);
    mean /= windowSize;
    let energy = 0;
    for (let i = 0; i < windowSize; i++) {
      const x = finite(samples[start + i]!) - mean;
      energy += x * x;
      frame[i] = x * window[i]!;
    }
    fft.powerSpectrum(frame, power);
    logEnergy[f] = Math.log(energy / windowSize + LOG_FLOOR);
    for (let b = 0; b < MEL_BANDS; b++) {
      const { first, weights } = filters[b]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * power[first + k]!;
      logMel[b] = Math.log(sum / fftSize + LOG_FLOOR);
    }
    for (let b = 0; b < HALF_BANDS; b++) {
      mirrorSum[b] = logMel[b]! + logMel[MEL_BANDS - 1 - b]!;
      mirrorDifference[b] = logMel[b]! - logMel[MEL_BANDS - 1 - b]!;
    }
    // Row i holds coefficient n = i + 1: odd n (even i) pairs with the difference, even n with the sum.
    for (let i = 0; i < CEPSTRA; i += 2) {
      const row = i * HALF_BANDS;
      let odd = 0;
      let even = 0;
      for (let b = 0; b < HALF_BANDS; b++) {
        odd += dct[row + b]! * mirrorDifference[b]!;
        even += dct[row + HALF_BANDS + b]! * mirrorSum[b]!;
      }
      values[f * CEPSTRA + i] = odd;
      values[f * CEPSTRA + i + 1] = even;
    }
  }
  return { cepstra: { values, count: frameCount }, logEnergy };
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
  const { cepstra, logEnergy } = cepstralFrames(downmix(channels), sampleRateHz);
  const selected = speechFrames(logEnergy);
  const out = new Float32Array(EMBEDDING_SIZE);
  if (selected.length === 0) return out;
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
