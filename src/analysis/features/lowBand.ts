import type { Biquad } from './biquad.js';
import { RealFft } from './fft.js';
import { GrowableFloat32 } from './growable.js';
import { FFT_FIELDS, Kernels, placeFft } from './wasm/kernels.js';
import type { LowBandSpectrum } from './types.js';

const LOW_BAND_RATE_HZ = 1000;
const LOW_BAND_FFT = 1024;
/** 75 % overlap: enough blocks in a 3 s clip for a per-bin quantile over time. */
const LOW_BAND_HOP = 256;
const MAX_KEPT_SPECTRA = 2048;
/**
 * The decimated signal itself is kept for its first 10 minutes (2.4 MB as Float32): humQuietFit.ts fits the hum
 * lines in its quiet stretches, which 1 s block spectra cannot resolve in time.
 */
const MAX_KEPT_SIGNAL_S = 600;
/** Fields of LowBandLayout in wasm/kernels.c. */
const LAYOUT_FIELDS = FFT_FIELDS + 4;
const CUTOFF_RATIO = 0.45;
/** Bins are kept up to here: the highest hum harmonic read (400 Hz, see hum.ts) plus its search and background span. */
const KEPT_HZ = 420;
/**
 * The per-bin statistic over blocks: the lower quartile. A mains line is in every block at the same power, a
 * speech harmonic on the same bin only while the voice sits there; read speech leaves a hum bin free in far more
 * than a quarter of its 1 s blocks even where it fills it in more than half (which is where a median failed).
 */
const BLOCK_QUANTILE = 0.25;

function decimationFactor(sampleRateHz: number): number {
  return Math.max(1, Math.floor(sampleRateHz / LOW_BAND_RATE_HZ));
}

const IDENTITY: Biquad = { b0: 1, b1: 0, b2: 0, a1: 0, a2: 0 };

/**
 * The decimation to about 1 kHz: factor, and the anti-alias sections the sample pass runs at the source rate
 * (two identity sections, which pass every sample through unchanged, when the source is already that slow).
 */
export function lowBandDecimation(sampleRateHz: number): { factor: number; sections: [Biquad, Biquad] } {
  const factor = decimationFactor(sampleRateHz);
  if (factor === 1) return { factor, sections: [IDENTITY, IDENTITY] };
  const cutoff = CUTOFF_RATIO * (sampleRateHz / factor);
  return { factor, sections: [lowPass(cutoff, sampleRateHz, 0.5412), lowPass(cutoff, sampleRateHz, 1.3066)] };
}

/**
 * Power gain of the anti-alias filter at `hz` for a source at `sampleRateHz` (1 when no filter runs): the
 * bilinear-transformed 4th-order Butterworth, |H|² = 1 / (1 + (tan(πf/fs) / tan(πfc/fs))^8).
 */
export function lowBandPowerGain(sampleRateHz: number, hz: number): number {
  const factor = decimationFactor(sampleRateHz);
  if (factor === 1) return 1;
  const cutoffHz = CUTOFF_RATIO * (sampleRateHz / factor);
  const ratio = Math.tan((Math.PI * hz) / sampleRateHz) / Math.tan((Math.PI * cutoffHz) / sampleRateHz);
  return 1 / (1 + ratio ** 8);
}

/** RBJ cookbook low-pass section; two of them with Butterworth Qs make a 4th-order Butterworth. */
function lowPass(cutoffHz: number, sampleRateHz: number, q: number): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * q);
  const cosw = Math.cos(w0);
  const a0 = 1 + alpha;
  return {
    b0: (1 - cosw) / 2 / a0,
    b1: (1 - cosw) / a0,
    b2: (1 - cosw) / 2 / a0,
    a1: (-2 * cosw) / a0,
    a2: (1 - alpha) / a0,
  };
}

/**
 * Takes the mono signal decimated to about 1 kHz (anti-aliased, by the sample pass: lowBandDecimation) and
 * 1024-point Hann power spectra of its blocks
 * overlapping by 75 %: ≈1 Hz resolution below 420 Hz, where mains hum lives. The result is, per bin, the lower
 * quartile over blocks (BLOCK_QUANTILE): a steady hum line is in every block, a speech harmonic (which glides
 * with the pitch) only in some, so a low quantile keeps the hum and drops the speech (the stationary/transient
 * split of order statistics over time, as in minimum statistics, Martin 2001, and median filtering, Fitzgerald
 * 2010). At 1 Hz resolution a voice's harmonics land on hum bins (a 120 Hz voice on 2 × 60 Hz) in many blocks;
 * the lower quartile still reads the hum there from the pauses and the blocks where the pitch is elsewhere.
 * Spectra are kept as Float32 up to 420 Hz (431 values per 0.256 s). At most MAX_KEPT_SPECTRA of them (about
 * 9 minutes): beyond that every other kept spectrum is dropped and only every 2nd, 4th, … later block is
 * transformed, so a long file's quantile is taken over blocks spread evenly across it and memory stays bounded.
 */
export class LowBandAccumulator {
  private readonly window = new Float64Array(LOW_BAND_FFT);
  /** One-sided power scale per bin: a sine of amplitude A sums to A²/2 over its main lobe. */
  private readonly binScale: Float64Array;
  private spectra: Float32Array[] = [];
  /** Every `stride`-th block is transformed and kept. */
  private stride = 1;
  private blockIndex = 0;
  /** The decimated samples after the last block's start, fewer than a block. */
  private carry = new Float64Array(0);
  private readonly fft = RealFft.ofSize(LOW_BAND_FFT);
  private readonly kernels = Kernels.shared();
  private readonly rateHz: number;
  private readonly signal: GrowableFloat32;
  private readonly maxSignal: number;

  /** `expectedSamples` (source rate, 0 when unknown) sizes the kept signal once, as the extractor's frame arrays. */
  constructor(sampleRateHz: number, expectedSamples = 0) {
    const factor = decimationFactor(sampleRateHz);
    this.rateHz = sampleRateHz / factor;
    this.maxSignal = Math.round(MAX_KEPT_SIGNAL_S * this.rateHz);
    this.signal = new GrowableFloat32(Math.min(this.maxSignal, Math.ceil(expectedSamples / factor) + 1));
    let energy = 0;
    for (let i = 0; i < LOW_BAND_FFT; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / LOW_BAND_FFT);
      this.window[i] = w;
      energy += w * w;
    }
    const binHz = this.rateHz / LOW_BAND_FFT;
    const keptBins = Math.min(LOW_BAND_FFT / 2, Math.ceil(KEPT_HZ / binHz)) + 1;
    this.binScale = new Float64Array(keptBins);
    for (let k = 0; k < keptBins; k++) this.binScale[k] = (k === 0 || k === LOW_BAND_FFT / 2 ? 1 : 2) / (LOW_BAND_FFT * energy);
  }

  /** Takes the next decimated samples; the blocks they complete are transformed by the kernels' low_band_blocks. */
  push(kept: Float64Array): void {
    const { kernels, carry, binScale, signal } = this;
    const keep = Math.min(kept.length, this.maxSignal - signal.length);
    if (keep > 0) {
      const at = signal.reserve(keep);
      signal.buffer.set(kept.subarray(0, keep), at);
    }
    const total = carry.length + kept.length;
    // Which blocks to transform, in order: a kept spectrum, or (a number) the index of a block of this push.
    let spectra: Array<Float32Array | number> = this.spectra;
    const starts: number[] = [];
    let start = 0;
    for (; start + LOW_BAND_FFT <= total; start += LOW_BAND_HOP) {
      if (this.blockIndex++ % this.stride !== 0) continue;
      spectra.push(starts.length);
      starts.push(start);
      if (spectra.length === MAX_KEPT_SPECTRA) {
        spectra = spectra.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    const plan = kernels.scratch();
    const layoutAt = plan.place(LAYOUT_FIELDS * 4);
    const fftFields = placeFft(plan, this.fft);
    const windowAt = plan.place(this.window.byteLength);
    const binScaleAt = plan.place(binScale.byteLength);
    const powerAt = plan.place((LOW_BAND_FFT / 2 + 1) * 8);
    const samplesAt = plan.place(total * 8);
    const startsAt = plan.place(starts.length * 4);
    const outAt = plan.place(starts.length * binScale.length * 4);
    kernels.reserve(plan.end);
    const samples = kernels.f64(samplesAt, total);
    samples.set(carry);
    samples.set(kept, carry.length);
    if (starts.length > 0) {
      kernels.copyIn(windowAt, this.window);
      kernels.copyIn(binScaleAt, binScale);
      kernels.i32(startsAt, starts.length).set(starts);
      // Field order of LowBandLayout in kernels.c.
      kernels.i32(layoutAt, LAYOUT_FIELDS).set([...fftFields(kernels), windowAt, binScaleAt, binScale.length, powerAt]);
      kernels.exports.low_band_blocks(layoutAt, samplesAt, startsAt, starts.length, outAt);
      const out = kernels.f32(outAt, starts.length * binScale.length);
      // This push's blocks are the list's tail (they were added last; dropping every other one keeps the order).
      for (let i = spectra.length - 1; i >= 0; i--) {
        const s = spectra[i]!;
        if (typeof s !== 'number') break;
        spectra[i] = out.slice(s * binScale.length, (s + 1) * binScale.length);
      }
    }
    this.spectra = spectra as Float32Array[];
    this.carry = samples.slice(start);
  }

  finish(): LowBandSpectrum {
    const bins = this.binScale.length;
    const power = new Float64Array(bins);
    const minimum = new Float64Array(bins);
    const blocks = this.spectra.length;
    if (blocks > 0) {
      // Linear interpolation between order statistics k0 and k0 + 1, as numpy's default quantile.
      const at = BLOCK_QUANTILE * (blocks - 1);
      const k0 = Math.floor(at);
      const { kernels } = this;
      const plan = kernels.scratch();
      const spectraAt = plan.place(blocks * bins * 4);
      const columnAt = plan.place(blocks * 8);
      const powerAt = plan.place(bins * 8);
      const minimumAt = plan.place(bins * 8);
      kernels.reserve(plan.end);
      const spectra = kernels.f32(spectraAt, blocks * bins);
      this.spectra.forEach((spectrum, j) => spectra.set(spectrum, j * bins));
      kernels.exports.low_band_quantiles(spectraAt, blocks, bins, k0, at - k0, columnAt, powerAt, minimumAt);
      power.set(kernels.f64(powerAt, bins));
      minimum.set(kernels.f64(minimumAt, bins));
    }
    return {
      sampleRateHz: this.rateHz,
      fftSize: LOW_BAND_FFT,
      binHz: this.rateHz / LOW_BAND_FFT,
      power,
      minimum,
      blocks,
      signal: this.signal.toArray(),
    };
  }
}
