import type { Metrics } from '../../src/analysis/types.js';

/** A clean 8 s read sentence at 24 kHz, mono, as the analysis would measure it: every preset passes it untouched. */
export function baseMetrics(overrides: Partial<Metrics> = {}): Metrics {
  return {
    durationS: 8,
    speechS: 6.4,
    sampleRateHz: 24000,
    channels: 1,
    rmsDbfs: -23,
    speechRmsDbfs: -21,
    peakDbfs: -5,
    loudnessLufs: -22,
    clippedRatio: 0,
    clippedRuns: [],
    dcOffset: 0.0002,
    channelLevels: [{ channel: 0, rmsDbfs: -23, peakDbfs: -5, dcOffset: 0.0002, correlationWithFirst: null }],
    nonFiniteSamples: 0,
    snrDb: 42,
    noiseFloorDbfs: -66,
    c50Db: 24,
    rt60S: 0.3,
    echoScore: 0.1,
    leadingSilenceS: 0.4,
    trailingSilenceS: 0.5,
    gaps: [
      { startS: 3.1, endS: 3.6 },
      { startS: 5.2, endS: 5.8 },
    ],
    longestGapS: 0.6,
    speechRatio: 0.8,
    bandwidthHz: 11000,
    humDb: null,
    humDbfs: null,
    humFrequencyHz: null,
    ...overrides,
  };
}

/** The same clip recorded in a noisy room. */
export function noisyMetrics(): Metrics {
  return baseMetrics({ snrDb: 9.6, noiseFloorDbfs: -34 });
}
