import { measureBandwidth } from './bandwidth.js';
import { measureClipping } from './clipping.js';
import { createFeatureExtractor, extractFeatures } from './features/extractor.js';
import type { FrameFeatures } from './features/types.js';
import { measureHum } from './hum.js';
import { measureLevels } from './levels.js';
import { measureLoudness } from './loudness.js';
import { estimateNoise } from './noise.js';
import { measureReverb } from './reverb.js';
import { measureSilence } from './silence.js';
import { measureSnr } from './snr.js';
import type { Analysis, Metrics } from './types.js';
import { detectSpeech } from './vad.js';

export type * from './types.js';
export type { FrameFeatures } from './features/types.js';
export { createFeatureExtractor, extractFeatures };

/** All measurements of one clip, from features computed once. Pure: no I/O, no Node-only APIs. */
export function analyzeFeatures(features: FrameFeatures): Analysis {
  const noise = estimateNoise(features);
  const activity = detectSpeech(features, noise);
  const reverb = measureReverb(features, activity, noise);
  const metrics: Metrics = {
    durationS: features.durationS,
    sampleRateHz: features.sampleRateHz,
    channels: features.channels,
    ...measureLevels(features, activity),
    ...measureLoudness(features),
    ...measureClipping(features),
    ...measureSnr(features, noise, activity, reverb.rt60S),
    ...measureSilence(features, activity),
    ...reverb,
    ...measureBandwidth(features, noise),
    ...measureHum(features),
  };
  return { metrics, speech: activity.segments, envelope: { hopS: features.hopS, energy: features.frameEnergy } };
}

/** Analysis of planar PCM already in memory. */
export function analyzePcm(channels: Float32Array[], sampleRateHz: number): Analysis {
  return analyzeFeatures(extractFeatures(channels, sampleRateHz));
}
