/**
 * Effective audio bandwidth: the highest frequency with genuine content in the long-term spectrum of the
 * loud frames (no standard defines it; the rules follow the usual band-limit detectors of codec and resampler
 * analysis tools: a level threshold below the spectral peak, and the steep stop-band cliff of a low-pass).
 *
 * 1. Long-term average power spectrum of the frames within LOUD_RANGE_DB of the loudest level bucket
 *    (speech-level frames; pauses and their noise do not count).
 * 2. Median over ±SMOOTH_HALF_WIDTH_HZ in frequency: keeps a steep band edge where it is, but an isolated
 *    tone (a monitor whine, a pilot tone) narrower than half the window does not count as bandwidth.
 * 3. Level edge: the highest bin whose smoothed level is at most THRESHOLD_DB below the smoothed peak
 *    (searched above 100 Hz). Real speech above 4 kHz sits 20–50 dB below its spectral peak; a resampler's
 *    stop band 65–100 dB down, so 55 dB separates them when the band below the cut is speech.
 * 4. Cliff edge: a band-limited signal whose pass band is full of flat noise (speech at 0 dB SNR, dither) can
 *    hold its stop band within 55 dB of its peak, but it still ends in a cliff no natural spectrum has: the
 *    lowest bin from which everything CLIFF_WIDTH_HZ higher up and beyond lies CLIFF_DB or more below it. The
 *    cliff edge is the top of that cliff: the last bin above it still within EDGE_DB of its level. Measured on
 *    the development set (smoothed spectra): every 8 kHz file upsampled by ffmpeg to 16/44.1/48 kHz has such a
 *    cliff of ≥ 31 dB at 3.0–4.4 kHz; clean 16 kHz speech has none below 7 kHz (largest drop there 18 dB),
 *    only its own anti-alias cliff at 7.2–7.5 kHz.
 * The bandwidth is the lower of the two edges. A clip without any frames has bandwidth 0.
 */
import type { FrameFeatures } from './features/types.js';
import type { Metrics, NoiseEstimate } from './types.js';

const LOUD_RANGE_DB = 21;
const SMOOTH_HALF_WIDTH_HZ = 250;
const THRESHOLD_DB = 55;
const PEAK_SEARCH_FROM_HZ = 100;
const CLIFF_WIDTH_HZ = 500;
const CLIFF_DB = 25;
const EDGE_DB = 3;

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

/**
 * Median over a centred window of ±halfWidth bins (shrinking at the ends), kept as a sorted window that slides
 * one bin at a time: one binary-search removal and one insertion per bin instead of a sort.
 */
function medianSmooth(x: Float64Array, halfWidth: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const sorted = new Float64Array(2 * halfWidth + 1);
  let size = 0;
  const insert = (v: number): void => {
    let at = lowerBound(sorted, size, v);
    sorted.copyWithin(at + 1, at, size);
    sorted[at++] = v;
    size++;
  };
  for (let j = 0; j < Math.min(n, halfWidth); j++) insert(x[j]!);
  for (let k = 0; k < n; k++) {
    if (k + halfWidth < n) insert(x[k + halfWidth]!);
    if (k - halfWidth - 1 >= 0) {
      const at = lowerBound(sorted, size, x[k - halfWidth - 1]!);
      sorted.copyWithin(at, at + 1, size);
      size--;
    }
    const mid = size >> 1;
    out[k] = size % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  return out;
}

/** First index in sorted[0, size) whose value is not below v. */
function lowerBound(sorted: Float64Array, size: number, v: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  edge = Math.min(edge, cliffEdge(smooth, binHz) ?? Infinity);
  return { bandwidthHz: Math.min(f.sampleRateHz / 2, edge * binHz) };
}

/** The top of the lowest stop-band cliff of a smoothed power spectrum (see 4. above), as a bin, or null. */
function cliffEdge(smooth: Float64Array, binHz: number): number | null {
  const n = smooth.length;
  const width = Math.max(1, Math.round(CLIFF_WIDTH_HZ / binHz));
  // beyond[k]: the largest level at bin k or above.
  const beyond = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) beyond[k] = Math.max(beyond[k + 1]!, smooth[k]!);
  const cliffRatio = 10 ** (-CLIFF_DB / 10);
  for (let k = Math.ceil(PEAK_SEARCH_FROM_HZ / binHz); k + width < n; k++) {
    if (!(smooth[k]! > 0) || beyond[k + width]! > smooth[k]! * cliffRatio) continue;
    const edgeLevel = smooth[k]! * 10 ** (-EDGE_DB / 10);
    let top = k;
    while (top + 1 < n && smooth[top + 1]! >= edgeLevel) top++;
    return top;
  }
  return null;
}
