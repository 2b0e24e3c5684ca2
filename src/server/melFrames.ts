import type { RealFft } from '../analysis/features/fft.js';
import { FFT_FIELDS, Kernels, placeFft } from '../analysis/features/wasm/kernels.js';

/** Triangular filters over the power spectrum: band b weights bins first[b] … with weights[offset[b] … offset[b + 1]). */
export interface MelFilters {
  first: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
}

export interface MelFrameLayout {
  windowSize: number;
  hop: number;
  fft: RealFft;
  window: Float64Array;
  filters: MelFilters;
}

const LAYOUT_FIELDS = FFT_FIELDS + 9;

/**
 * The mel filter sums of the frames marked in `needed` (frame f: samples[f·hop …] minus means[f], windowed,
 * zero-padded to the FFT size, power spectrum, triangular filters), frames × bands, by the analysis kernels'
 * mel_frames (the same operations as RealFft.powerSpectrum and a TypeScript filter loop, without their bounds checks; the
 * built-in server computes this for every upload on the batch's main thread). Unneeded frames read 0.
 */
export function melFrameSums(samples: Float32Array, layout: MelFrameLayout, means: Float64Array, needed: Uint8Array): Float64Array {
  const kernels = Kernels.shared();
  const { fft, window, filters } = layout;
  const bands = filters.first.length;
  const count = needed.length;
  const plan = kernels.scratch();
  const layoutAt = plan.place(LAYOUT_FIELDS * 4);
  const fftFields = placeFft(plan, fft);
  // The kernel windows all fft.size points of a frame: the window is zero over the padding.
  const paddedWindow = new Float64Array(fft.size);
  paddedWindow.set(window);
  const inputs = [paddedWindow, filters.first, filters.offset, filters.weights].map((data) => ({ data, at: plan.place(data.byteLength) }));
  const frameAt = plan.place(fft.size * 8);
  const powerAt = plan.place((fft.size / 2 + 1) * 8);
  const samplesAt = plan.place(samples.byteLength);
  const meansAt = plan.place(means.byteLength);
  const neededAt = plan.place(needed.byteLength);
  const outAt = plan.place(count * bands * 8);
  kernels.reserve(plan.end);
  for (const { data, at } of inputs) kernels.copyIn(at, data);
  kernels.copyIn(samplesAt, samples);
  kernels.copyIn(meansAt, means);
  kernels.copyIn(neededAt, needed);
  kernels.f64(frameAt, fft.size).fill(0);
  const out = kernels.f64(outAt, count * bands);
  out.fill(0);
  // Field order of MelLayout in kernels.c.
  kernels.i32(layoutAt, LAYOUT_FIELDS).set([...fftFields(kernels), layout.windowSize, layout.hop, bands, ...inputs.map((i) => i.at), frameAt, powerAt]);
  kernels.exports.mel_frames(layoutAt, samplesAt, meansAt, neededAt, count, outAt);
  return out.slice();
}

/** Each frame's mean and its energy Σ (x − mean)² over windowSize samples every hop (frames × 2 arrays). */
export function frameMeansAndEnergies(samples: Float32Array, windowSize: number, hop: number): { means: Float64Array; energies: Float64Array } {
  const kernels = Kernels.shared();
  const count = samples.length < windowSize ? 0 : 1 + Math.floor((samples.length - windowSize) / hop);
  const plan = kernels.scratch();
  const samplesAt = plan.place(samples.byteLength);
  const meansAt = plan.place(count * 8);
  const energiesAt = plan.place(count * 8);
  kernels.reserve(plan.end);
  kernels.copyIn(samplesAt, samples);
  kernels.exports.frame_levels(samplesAt, count, hop, windowSize, meansAt, energiesAt);
  return { means: kernels.f64(meansAt, count).slice(), energies: kernels.f64(energiesAt, count).slice() };
}
