/**
 * Pooled early-to-late energy ratio after speech offsets, the statistic C50 is read from (see reverb.ts).
 *
 * After every offset (a local maximum of the envelope, the largest over the PEAK_HALF_HOPS before it and not
 * exceeded by the next hop, in a speech frame, MARGIN_DB above the noise reference) the noise-subtracted
 * envelope τ later, relative to the peak, is one sample of the room's decay plus whatever speech follows. Speech
 * can only add energy, so at every lag τ the TAIL_PERCENTILE over all offsets is the freest decay seen at that lag:
 * a pooled decay curve L(τ) that stays defined with a handful of offsets and needs no offset to be followed by
 * silence. Its energy in the first 50 ms against the next LATE_END_S − 50 ms is the C50-like ratio: what C50
 * measures on the impulse response, measured on the decay that speech leaves behind.
 *
 * The per-lag percentiles come from histograms of the ratio in dB (HIST_STEP_DB bins), so memory is a fixed
 * lags × bins table however long the file, and time is one pass over the fine hops.
 */
const PEAK_HALF_HOPS = 6;
const MARGIN_DB = 15;
const TAIL_PERCENTILE = 0.15;
const EARLY_END_S = 0.05;
const LATE_END_S = 0.125;
const MIN_OFFSETS = 2;
const HIST_LOW_DB = -60;
const HIST_HIGH_DB = 20;
const HIST_STEP_DB = 0.25;
const HIST_BINS = Math.round((HIST_HIGH_DB - HIST_LOW_DB) / HIST_STEP_DB);
/** Numerator and denominator floor of the ratio: the pooled curve is relative to the peak (1). */
const RATIO_FLOOR = 1e-9;

export interface TailStatistics {
  /** 10·log10 of the pooled curve's energy in 0–50 ms over 50–125 ms after offsets, dB (null with fewer than MIN_OFFSETS). */
  tailRatioDb: number | null;
  offsets: number;
}

/**
 * `envelope`: smoothed speech-band fine energy; `isSpeech(k)`: whether fine hop k lies in a speech frame;
 * `noiseRef`: the noise power under the envelope.
 */
export function tailStatistics(envelope: Float32Array, fineHopS: number, isSpeech: (k: number) => boolean, noiseRef: number): TailStatistics {
  const n = envelope.length;
  const earlyHops = Math.round(EARLY_END_S / fineHopS);
  const lags = Math.round(LATE_END_S / fineHopS);
  // Bin 0 holds everything at or below HIST_LOW_DB (including a lag that fell under the noise reference).
  const histogram = new Uint32Array(lags * (HIST_BINS + 1));
  const peakMin = noiseRef * 10 ** (MARGIN_DB / 10);
  let offsets = 0;
  for (let k = PEAK_HALF_HOPS; k < n - lags; k++) {
    const peak = envelope[k]!;
    if (peak < peakMin || !isSpeech(k) || envelope[k + 1]! > peak) continue;
    let isPeak = true;
    for (let j = k - PEAK_HALF_HOPS; isPeak && j < k; j++) if (envelope[j]! > peak) isPeak = false;
    if (!isPeak) continue;
    offsets++;
    const peakExcess = peak - noiseRef;
    for (let t = 0; t < lags; t++) {
      const excess = envelope[k + 1 + t]! - noiseRef;
      const bin = excess > 0 ? Math.floor((10 * Math.log10(excess / peakExcess) - HIST_LOW_DB) / HIST_STEP_DB) + 1 : 0;
      histogram[t * (HIST_BINS + 1) + Math.max(0, Math.min(HIST_BINS, bin))]!++;
    }
  }
  if (offsets < MIN_OFFSETS) return { tailRatioDb: null, offsets };
  const rank = Math.floor(TAIL_PERCENTILE * offsets);
  let early = 0;
  let late = 0;
  for (let t = 0; t < lags; t++) {
    let seen = 0;
    let bin = 0;
    for (; bin <= HIST_BINS; bin++) {
      seen += histogram[t * (HIST_BINS + 1) + bin]!;
      if (seen > rank) break;
    }
    const level = bin === 0 ? 0 : 10 ** ((HIST_LOW_DB + (bin - 0.5) * HIST_STEP_DB) / 10);
    if (t < earlyHops) early += level;
    else late += level;
  }
  return { tailRatioDb: 10 * Math.log10(Math.max(early, RATIO_FLOOR) / Math.max(late, RATIO_FLOOR)), offsets };
}
