/**
 * Frame features: everything the measurements need, computed in one streaming pass over the
 * decoded audio (see `extractor.ts`). Measurements in `src/analysis/*.ts` are pure functions of
 * this object; none of them touches samples again.
 */
/** A channel's most extreme distinct sample values, most extreme first, with the number of samples on each (see extremes.ts). */
export interface DistinctExtremes {
  values: Float64Array;
  counts: Uint32Array;
  /** Entries in use (fewer than the arrays' length only for clips with few distinct values). */
  size: number;
}

export interface ChannelAccumulation {
  sum: number;
  sumSquares: number;
  /** Largest positive sample value and how many samples sit exactly on it. */
  maxValue: number;
  maxCount: number;
  /** Smallest (most negative) sample value and how many samples sit exactly on it. */
  minValue: number;
  minCount: number;
  /** The largest distinct values (descending) and the smallest (ascending), with their sample counts: for clipping. */
  highest: DistinctExtremes;
  lowest: DistinctExtremes;
  /** Σ x_c · x_0: with sumSquares it gives the correlation with the first channel (an inverted channel is ≈ −1). */
  crossWithFirst: number;
  /** Samples that were NaN or ±Inf in the source (replaced by 0 before any measurement). */
  nonFinite: number;
}

/**
 * Runs of ≥ 3 identical consecutive samples with |value| ≥ 0.01 that sit on the channel's running maximum or
 * minimum when they end (only those can be at the final extreme), per channel, in time order: the raw material
 * of clipping detection.
 */
export interface PlateauRuns {
  channel: Uint8Array;
  value: Float32Array;
  start: Float64Array;
  length: Uint32Array;
  count: number;
  /** True when more runs existed than were kept (the cap keeps memory bounded). */
  truncated: boolean;
}

/** Long-term average power spectrum, accumulated separately for frames of each level (bucketed by frame energy). */
export interface LevelBucketedSpectrum {
  binHz: number;
  binCount: number;
  /** Lower edge of each bucket in dBFS (frame mean-square level); buckets are `bucketWidthDb` wide. */
  bucketFloorDb: number;
  bucketWidthDb: number;
  bucketCount: number;
  /** Number of frames that fell in each bucket. */
  frames: Float64Array;
  /** bucketCount × binCount, row-major: summed one-sided power per bin (same scale as `bandPower`). */
  power: Float64Array;
}

/** Fine-resolution spectrum of the low band (decimated to about 1 kHz), for mains hum. */
export interface LowBandSpectrum {
  sampleRateHz: number;
  fftSize: number;
  binHz: number;
  /** Lower quartile over blocks of the one-sided power per bin (bins up to 420 Hz), scaled so that a sine of amplitude A sums to A²/2 over its peak. */
  power: Float64Array;
  /** Minimum over blocks of the same per-bin power: what a steady line keeps in every block (see hum.ts). */
  minimum: Float64Array;
  blocks: number;
  /** The decimated signal (at `sampleRateHz`), its first 10 minutes. */
  signal: Float32Array;
}

export interface FrameFeatures {
  sampleRateHz: number;
  channels: number;
  /** Samples per channel. */
  sampleCount: number;
  durationS: number;

  /** Frame grid: frame t covers samples [t·hopSize, (t+1)·hopSize). */
  hopSize: number;
  hopS: number;
  frameCount: number;
  /** Analysis window (Hann) length and FFT size, both in samples; the window is centred on the hop span. */
  windowSize: number;
  fftSize: number;

  /** Mean square of the (mono, unwindowed) samples of each hop span. */
  frameEnergy: Float32Array;
  /** Largest |sample| in each hop span (mono). */
  framePeak: Float32Array;

  /** Band layout: `bandCount` bands with edges in Hz (length bandCount + 1), mel-spaced from 0 Hz to Nyquist. */
  bandCount: number;
  bandEdgesHz: Float32Array;
  /**
   * frameCount × bandCount, row-major. Power of the windowed frame in each band, normalised so that the
   * sum over bands is the frame's mean-square level (Parseval with the window's energy removed).
   */
  bandPower: Float32Array;

  /** Mean square of the mono samples in fine hops of `fineHopSize` samples (a quarter hop). */
  fineHopSize: number;
  fineHopS: number;
  fineEnergy: Float32Array;
  /** Same grid as `fineEnergy`, of the mono signal band-passed to 500 Hz – 4 kHz (see `speechBand.ts`): for reverberation. */
  speechBandFineEnergy: Float32Array;

  levelSpectrum: LevelBucketedSpectrum;
  lowBandSpectrum: LowBandSpectrum;

  /** Per source channel, before the downmix. */
  channelStats: ChannelAccumulation[];
  /** Of the mono downmix. */
  mono: { sum: number; sumSquares: number; peak: number };

  plateaus: PlateauRuns;

  /**
   * ITU-R BS.1770 K-weighted energy of consecutive 100 ms sub-blocks, channel-weighted and summed over channels.
   * Gating blocks (400 ms, 75 % overlap) are sums of four consecutive sub-blocks.
   */
  loudnessSubBlocks: Float64Array;
  loudnessSubBlockS: number;
}
