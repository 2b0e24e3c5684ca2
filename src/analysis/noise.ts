/**
 * Noise power per band and frame: minimum statistics with speech-presence-controlled averaging, offline.
 *
 * 1. Band power P(t, b) is smoothed over ±2 frames (S).
 * 2. The minimum of S over a centred 1.2 s window (forward-backward, since the whole clip is known), times
 *    the bias compensation B_min of Martin (2001, "Noise power spectral density estimation based on optimal
 *    smoothing and minimum statistics"), is a first noise estimate. B_min depends on the degrees of freedom of
 *    S, which follow from the band's bin count and the window overlap; in dB it is ≈ 16/√dof (fitted to the
 *    minimum of white noise on this very feature layout).
 * 3. Speech presence is decided per time-frequency cell as in MCRA/IMCRA (Cohen & Berdugo 2002, "Noise
 *    estimation by minima controlled recursive averaging"; Cohen 2003, "Noise spectrum estimation in adverse
 *    environments: improved minima controlled recursive averaging"): a cell holds only noise when S ≤ δ·N,
 *    with δ = 1 + k·√(2/dof), k = 3 standard deviations of S above the mean for stationary noise alone.
 * 4. The noise track is the mean of the raw P over the noise-only cells of a centred 1.2 s window. As in
 *    IMCRA this is done twice: the second pass decides presence against the first pass' (unbiased) track.
 *    Where a window holds too few noise-only cells (continuous speech), it is widened to the nearest pauses.
 *    This track (frameBandNoise) is what the VAD and the other measures compare against.
 * 5. The clip's mean noise power (bandNoise, noisePower: the SNR's denominator) needs the noise's louder
 *    moments too. Real noise is not stationary (babble, traffic, dishes): with k = 3 its louder fluctuations
 *    are taken for speech and the mean came out 1–3 dB low on the development set. So a third average runs
 *    with a wider presence limit, k = meanPresenceSigmas, against the track of step 4; that k is fitted by
 *    bench/eval/fit-noise.ts (lowest SNR mean absolute error over NOIZEUS and the 16 kHz mixtures).
 *
 * Frames whose analysis window reaches past the clip (their power is partly zero padding) are never taken as
 * noise evidence, unless the clip is too short to have any others.
 *
 * Steps 1–5 run one band at a time in the analysis' WebAssembly kernels (noiseTrack.ts); this module gathers
 * each band's power and keeps the results.
 */
import type { FrameFeatures } from './features/types.js';
import { NoiseTracker } from './noiseTrack.js';
import type { NoiseEstimate } from './types.js';

const SMOOTH_HALF_FRAMES = 2;
const WINDOW_S = 1.2;
const MIN_NOISE_CELLS = 20;
const MIN_CLIP_NOISE_CELLS = 3;

const PRESENCE_SIGMAS = 3;

export interface NoiseOptions {
  /** k of step 5: how many standard deviations of stationary noise a cell may rise and still count toward the mean noise. */
  meanPresenceSigmas: number;
}

export const DEFAULT_NOISE_OPTIONS: NoiseOptions = { meanPresenceSigmas: 8 };

/** Bands processed together: their columns are gathered from (and scattered to) the frame-major arrays in one sweep. */
const BAND_GROUP = 4;

export function estimateNoise(f: FrameFeatures, options: NoiseOptions = DEFAULT_NOISE_OPTIONS): NoiseEstimate {
  const { frameCount: frames, bandCount: bands } = f;
  const frameBandNoise = new Float32Array(frames * bands);
  const bandNoise = new Float32Array(bands);
  const frameNoise = new Float32Array(frames);
  if (frames === 0) return { bandNoise, frameBandNoise, frameNoise, noisePower: 0 };
  trackBands(f, options, null, evidenceRange(f), (b, track, mean) => {
    for (let t = 0, at = b; t < frames; t++, at += bands) frameBandNoise[at] = track[t]!;
    let sum = 0;
    for (let t = 0; t < frames; t++) {
      sum += mean[t]!;
      frameNoise[t] = frameNoise[t]! + mean[t]!;
    }
    bandNoise[b] = sum / frames;
  });
  let noisePower = 0;
  for (let b = 0; b < bands; b++) noisePower += bandNoise[b]!;
  return { bandNoise, frameBandNoise, frameNoise, noisePower };
}

/**
 * The clip's mean noise power (noisePower of estimateNoise) over the given frames only, joined end to end as if
 * they were the whole clip (snr.ts: the open frames of a gated recording). Reads band power through the index
 * and keeps no per-frame output, so a 2-hour file costs a few MB here.
 */
export function meanNoisePowerOver(f: FrameFeatures, frameIndex: Int32Array, options: NoiseOptions = DEFAULT_NOISE_OPTIONS): number {
  const frames = frameIndex.length;
  if (frames === 0) return 0;
  let noisePower = 0;
  trackBands(f, options, frameIndex, [0, frames - 1], (_b, _track, mean) => {
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += mean[t]!;
    noisePower += sum / frames;
  });
  return noisePower;
}

/**
 * Steps 1–5 for every band over the frames `frameIndex` lists (all of them when null); `onBand` receives each
 * band's track (step 4) and mean noise (step 5), both indexed like the frames used, valid only during the call.
 */
function trackBands(
  f: FrameFeatures,
  options: NoiseOptions,
  frameIndex: Int32Array | null,
  [first, last]: [number, number],
  onBand: (band: number, track: Float64Array, mean: Float64Array) => void,
): void {
  const bands = f.bandCount;
  const frames = frameIndex ? frameIndex.length : f.frameCount;
  const half = Math.max(1, Math.round(WINDOW_S / f.hopS / 2));
  const dofGain = smoothingDofGain(f);
  const binHz = f.sampleRateHz / f.fftSize;
  const group = Math.min(BAND_GROUP, bands);
  const tracker = new NoiseTracker({ frames, half, smoothHalf: SMOOTH_HALF_FRAMES, first, last, minCells: MIN_NOISE_CELLS, minClipCells: MIN_CLIP_NOISE_CELLS }, group);
  const { columns } = tracker;
  for (let b0 = 0; b0 < bands; b0 += group) {
    const width = Math.min(group, bands - b0);
    // Band power is frame-major: gathering a few columns per sweep reads each cache line once per group.
    for (let t = 0; t < frames; t++) {
      const row = (frameIndex ? frameIndex[t]! : t) * bands + b0;
      for (let j = 0; j < width; j++) columns[j]![t] = f.bandPower[row + j]!;
    }
    for (let j = 0; j < width; j++) {
      const b = b0 + j;
      const dof = Math.max(1, (f.bandEdgesHz[b + 1]! - f.bandEdgesHz[b]!) / binHz) * dofGain;
      tracker.run(j, {
        biasCompensation: 10 ** (1.6 / Math.sqrt(dof)),
        delta: 1 + PRESENCE_SIGMAS * Math.sqrt(2 / dof),
        meanDelta: 1 + options.meanPresenceSigmas * Math.sqrt(2 / dof),
      });
      onBand(b, tracker.track, tracker.mean);
    }
  }
}

/** First and last frame whose analysis window lies inside the clip (the whole clip if none does). */
export function evidenceRange(f: FrameFeatures): [number, number] {
  const edge = Math.ceil((f.windowSize / 2 - f.hopSize / 2) / f.hopSize);
  const last = Math.floor((f.sampleCount - f.windowSize / 2 - f.hopSize / 2) / f.hopSize);
  if (last - edge < 10) return [0, f.frameCount - 1];
  return [edge, Math.min(last, f.frameCount - 1)];
}

/**
 * Degrees of freedom gained by averaging 2·SMOOTH_HALF_FRAMES + 1 overlapping frames (white noise):
 * frames k hops apart have power correlation ρ(k)² with ρ the normalised window autocorrelation.
 */
function smoothingDofGain(f: FrameFeatures): number {
  const key = `${f.windowSize}/${f.hopSize}`;
  let gain = dofGainByLayout.get(key);
  if (gain === undefined) dofGainByLayout.set(key, (gain = computeSmoothingDofGain(f)));
  return gain;
}

/** Per window/hop layout: the same for every clip at a sample rate. */
const dofGainByLayout = new Map<string, number>();

function computeSmoothingDofGain(f: FrameFeatures): number {
  const n = f.windowSize;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
  let energy = 0;
  for (let i = 0; i < n; i++) energy += w[i]! * w[i]!;
  const count = 2 * SMOOTH_HALF_FRAMES + 1;
  // ρ at each lag of 0 … count − 1 hops, once each (frames i and j are |i − j| hops apart).
  const rho = Array.from({ length: count }, (_, k) => {
    let sum = 0;
    for (let i = 0; i + k * f.hopSize < n; i++) sum += w[i]! * w[i + k * f.hopSize]!;
    return sum / energy;
  });
  let variance = 0;
  for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) variance += rho[Math.abs(i - j)]! ** 2;
  return (count * count) / variance;
}
