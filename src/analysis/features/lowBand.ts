import { filterScratch, twoSections, type Biquad } from './biquad.js';
import { RealFft } from './fft.js';
import type { LowBandSpectrum } from './types.js';

const LOW_BAND_RATE_HZ = 1000;
const LOW_BAND_FFT = 1024;
/** 75 % overlap: enough blocks in a 3 s clip for a per-bin median over time. */
const LOW_BAND_HOP = 256;
const MAX_KEPT_SPECTRA = 2048;
const CUTOFF_RATIO = 0.45;

function decimationFactor(sampleRateHz: number): number {
  return Math.max(1, Math.floor(sampleRateHz / LOW_BAND_RATE_HZ));
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
 * Decimates the mono signal to about 1 kHz (anti-aliased) and takes 1024-point Hann power spectra of blocks
 * overlapping by 75 %: ≈1 Hz resolution below 450 Hz, where mains hum lives. The result is the per-bin median
 * over blocks: a steady hum line is in every block, a speech harmonic (which glides with the pitch) only in
 * some, so the median keeps the hum and drops most of the speech (the usual stationary/transient split of
 * median filtering over time, as in Fitzgerald 2010, "Harmonic/percussive separation using median filtering").
 * Spectra are kept as Float32 (513 values per 0.256 s). At most MAX_KEPT_SPECTRA of them (about 9 minutes):
 * beyond that every other kept spectrum is dropped and only every 2nd, 4th, … later block is transformed, so a
 * long file's median is taken over blocks spread evenly across it and memory stays bounded (a steady hum is in
 * every block, so an even subsample has the same median).
 */
export class LowBandAccumulator {
  private readonly factor: number;
  private readonly sections: Biquad[];
  private readonly state: Float64Array;
  private readonly block = new Float64Array(LOW_BAND_FFT);
  private readonly window = new Float64Array(LOW_BAND_FFT);
  private readonly windowEnergy: number;
  private readonly spectrum = new Float64Array(LOW_BAND_FFT / 2 + 1);
  private spectra: Float32Array[] = [];
  /** Every `stride`-th block is transformed and kept. */
  private stride = 1;
  private blockIndex = 0;
  private readonly windowed = new Float64Array(LOW_BAND_FFT);
  private readonly fft = new RealFft(LOW_BAND_FFT);
  private phase = 0;
  private filled = 0;
  private readonly rateHz: number;

  constructor(sampleRateHz: number) {
    this.factor = decimationFactor(sampleRateHz);
    this.rateHz = sampleRateHz / this.factor;
    const cutoff = CUTOFF_RATIO * this.rateHz;
    this.sections = this.factor > 1 ? [lowPass(cutoff, sampleRateHz, 0.5412), lowPass(cutoff, sampleRateHz, 1.3066)] : [];
    this.state = new Float64Array(this.sections.length * 2);
    let energy = 0;
    for (let i = 0; i < LOW_BAND_FFT; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / LOW_BAND_FFT);
      this.window[i] = w;
      energy += w * w;
    }
    this.windowEnergy = energy;
  }

  push(mono: Float32Array): void {
    const { sections, state, factor, block } = this;
    const filtered = filterScratch.get(mono.length);
    if (sections.length === 2) twoSections(sections[0]!, sections[1]!, mono, filtered, mono.length, state, 0);
    else filtered.set(mono.subarray(0, mono.length));
    for (let i = 0; i < mono.length; i++) {
      if (++this.phase >= factor) {
        this.phase = 0;
        block[this.filled++] = filtered[i]!;
        if (this.filled === LOW_BAND_FFT) {
          this.flushBlock();
          block.copyWithin(0, LOW_BAND_HOP);
          this.filled = LOW_BAND_FFT - LOW_BAND_HOP;
        }
      }
    }
  }

  private flushBlock(): void {
    if (this.blockIndex++ % this.stride !== 0) return;
    const { block, window, spectrum, windowed } = this;
    for (let i = 0; i < LOW_BAND_FFT; i++) windowed[i] = block[i]! * window[i]!;
    this.fft.powerSpectrum(windowed, spectrum);
    const scale = 1 / (LOW_BAND_FFT * this.windowEnergy);
    const out = new Float32Array(spectrum.length);
    for (let k = 0; k < spectrum.length; k++) {
      const oneSided = k === 0 || k === LOW_BAND_FFT / 2 ? 1 : 2;
      out[k] = spectrum[k]! * scale * oneSided;
    }
    this.spectra.push(out);
    if (this.spectra.length === MAX_KEPT_SPECTRA) {
      this.spectra = this.spectra.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  finish(): LowBandSpectrum {
    const power = new Float64Array(LOW_BAND_FFT / 2 + 1);
    const blocks = this.spectra.length;
    const column = new Float32Array(blocks);
    for (let k = 0; k < power.length && blocks > 0; k++) {
      for (let j = 0; j < blocks; j++) column[j] = this.spectra[j]![k]!;
      column.sort();
      const mid = blocks >> 1;
      power[k] = blocks % 2 === 1 ? column[mid]! : (column[mid - 1]! + column[mid]!) / 2;
    }
    return {
      sampleRateHz: this.rateHz,
      fftSize: LOW_BAND_FFT,
      binHz: this.rateHz / LOW_BAND_FFT,
      power,
      blocks,
    };
  }
}
