/**
 * Sample levels of a clip, from the extractor's running sums (no samples touched).
 *
 * - `rmsDbfs`, `peakDbfs`, `dcOffset`: of the mono downmix, dBFS = 20·log10(amplitude) with full scale = 1
 *   (AES17 convention without the +3 dB sine correction: a full-scale sine reads −3.01 dBFS RMS).
 * - `speechRmsDbfs`: RMS over the 10 ms frames marked as speech (each frame weighted by its sample count).
 * - `channelLevels`: the same per source channel, plus the Pearson correlation with channel 0
 *   (mean-removed, so an inverted copy reads −1 and a DC offset does not inflate it).
 * Silence reads SILENCE_DBFS instead of −Infinity so every value stays JSON-representable.
 */
import type { ChannelAccumulation, FrameFeatures } from './features/types.js';
import type { ChannelLevel, Metrics, SpeechActivity } from './types.js';

/** Level reported for digital silence (a mean square of 0): finite, far below any 32-bit float signal. */
export const SILENCE_DBFS = -200;

/** 20·log10 of an amplitude, floored at SILENCE_DBFS. */
export function amplitudeToDbfs(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_DBFS, 20 * Math.log10(amplitude)) : SILENCE_DBFS;
}

/** 10·log10 of a mean square, floored at SILENCE_DBFS. */
export function meanSquareToDbfs(meanSquare: number): number {
  return meanSquare > 0 ? Math.max(SILENCE_DBFS, 10 * Math.log10(meanSquare)) : SILENCE_DBFS;
}

function correlation(c: ChannelAccumulation, first: ChannelAccumulation, n: number): number | null {
  const varianceC = c.sumSquares - (c.sum * c.sum) / n;
  const varianceFirst = first.sumSquares - (first.sum * first.sum) / n;
  // Below ~1e-12 relative to the signal the variance is rounding noise of a constant (or silent) channel.
  if (!(varianceC > 1e-12 * c.sumSquares) || !(varianceFirst > 1e-12 * first.sumSquares)) return null;
  const covariance = c.crossWithFirst - (c.sum * first.sum) / n;
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceC * varianceFirst)));
}

function speechMeanSquare(f: FrameFeatures, speech: Uint8Array): number | null {
  let energy = 0;
  let samples = 0;
  const frames = Math.min(f.frameCount, speech.length);
  for (let t = 0; t < frames; t++) {
    if (speech[t] !== 1) continue;
    // The last frame may be partial; weight every frame by the samples it covers.
    const length = Math.min(f.hopSize, f.sampleCount - t * f.hopSize);
    energy += f.frameEnergy[t]! * length;
    samples += length;
  }
  return samples > 0 ? energy / samples : null;
}

export function measureLevels(
  f: FrameFeatures,
  activity: SpeechActivity,
): Pick<Metrics, 'rmsDbfs' | 'speechRmsDbfs' | 'peakDbfs' | 'dcOffset' | 'channelLevels' | 'nonFiniteSamples'> {
  const n = f.sampleCount;
  const first = f.channelStats[0];
  const channelLevels: ChannelLevel[] = f.channelStats.map((c, channel) => ({
    channel,
    rmsDbfs: n > 0 ? meanSquareToDbfs(c.sumSquares / n) : SILENCE_DBFS,
    peakDbfs: amplitudeToDbfs(Math.max(Math.abs(c.maxValue), Math.abs(c.minValue))),
    dcOffset: n > 0 ? c.sum / n : 0,
    correlationWithFirst: channel === 0 || !first || n === 0 ? null : correlation(c, first, n),
  }));
  const speech = speechMeanSquare(f, activity.speech);
  return {
    rmsDbfs: n > 0 ? meanSquareToDbfs(f.mono.sumSquares / n) : SILENCE_DBFS,
    speechRmsDbfs: speech === null ? null : meanSquareToDbfs(speech),
    peakDbfs: amplitudeToDbfs(f.mono.peak),
    dcOffset: n > 0 ? f.mono.sum / n : 0,
    channelLevels,
    nonFiniteSamples: f.channelStats.reduce((total, c) => total + c.nonFinite, 0),
  };
}
