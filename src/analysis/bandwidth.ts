/**
 * Effective audio bandwidth: the highest frequency with genuine content in the long-term spectrum of the
 * loud frames (no standard defines it; the rule follows the usual "−X dB below the spectral peak" cut-off
 * of codec/resampler band-limit detectors).
 *
 * 1. Long-term average power spectrum of the frames within LOUD_RANGE_DB of the loudest level bucket
 *    (speech-level frames; pauses and their noise do not count).
 * 2. Median over ±SMOOTH_HALF_WIDTH_HZ in frequency: keeps a steep band edge where it is, but an isolated
 *    tone (a monitor whine, a pilot tone) narrower than half the window does not count as bandwidth.
 * 3. The bandwidth is the highest bin whose smoothed level is at most THRESHOLD_DB below the smoothed peak
 *    (searched above 100 Hz). Real speech above 4 kHz sits 20–50 dB below its spectral peak; a
 *    resampler's stop band sits 65–100 dB down (measured: 8 kHz speech upsampled by ffmpeg reads
 *    4.1 kHz, pyannote's band-limited 16 kHz file 3.9 kHz, VCTK at 48 kHz 24 kHz), so 55 dB separates them;
 *    the narrow transition-band images just above the old Nyquist are removed by the median.
 * A clip without any frames has bandwidth 0.
 */
import type { FrameFeatures } from './features/types.js';
import type { Metrics, NoiseEstimate } from './types.js';

const LOUD_RANGE_DB = 21;
const SMOOTH_HALF_WIDTH_HZ = 250;
const THRESHOLD_DB = 55;
const PEAK_SEARCH_FROM_HZ = 100;

function loudSpectrum(f: FrameFeatures): Float64Array | null {
  const s = f.levelSpectrum;
  let top = -1;
  for (let b = 0; b < s.bucketCount; b++) if (s.frames[b]! > 0) top = b;
  if (top < 0) return null;
  const lowest = Math.max(0, top - Math.ceil(LOUD_RANGE_DB / s.bucketWidthDb) + 1);
  const spectrum = new Float64Array(s.binCount);
  let frames = 0;
  for (let b = lowest; b <= top; b++) {
    frames += s.frames[b]!;
    const row = b * s.binCount;
    for (let k = 0; k < s.binCount; k++) spectrum[k] = spectrum[k]! + s.power[row + k]!;
  }
  for (let k = 0; k < s.binCount; k++) spectrum[k] = spectrum[k]! / frames;
  return spectrum;
}

function medianSmooth(x: Float64Array, halfWidth: number): Float64Array {
  const out = new Float64Array(x.length);
  const window: number[] = [];
  for (let k = 0; k < x.length; k++) {
    window.length = 0;
    for (let j = Math.max(0, k - halfWidth); j <= Math.min(x.length - 1, k + halfWidth); j++) window.push(x[j]!);
    window.sort((a, b) => a - b);
    const mid = window.length >> 1;
    out[k] = window.length % 2 === 1 ? window[mid]! : (window[mid - 1]! + window[mid]!) / 2;
  }
  return out;
}

/** `noise` is part of the shared signature; the loud-frame spectrum already excludes the noise-only frames. */
export function measureBandwidth(f: FrameFeatures, _noise: NoiseEstimate): Pick<Metrics, 'bandwidthHz'> {
  const spectrum = loudSpectrum(f);
  if (!spectrum) return { bandwidthHz: 0 };
  const { binHz } = f.levelSpectrum;
  const smooth = medianSmooth(spectrum, Math.max(1, Math.round(SMOOTH_HALF_WIDTH_HZ / binHz)));
  let peak = 0;
  for (let k = Math.min(smooth.length - 1, Math.ceil(PEAK_SEARCH_FROM_HZ / binHz)); k < smooth.length; k++) peak = Math.max(peak, smooth[k]!);
  if (!(peak > 0)) return { bandwidthHz: 0 };
  const threshold = peak * 10 ** (-THRESHOLD_DB / 10);
  let edge = smooth.length - 1;
  while (edge > 0 && smooth[edge]! < threshold) edge--;
  return { bandwidthHz: Math.min(f.sampleRateHz / 2, edge * binHz) };
}
