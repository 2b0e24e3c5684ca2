import type { Rule } from '../rule.js';
import { channelProblems } from './channel-problems.js';
import { levelRange } from './level-range.js';
import { leadingSilence } from './leading-silence.js';
import { maxClipping } from './max-clipping.js';
import { maxDcOffset } from './max-dc-offset.js';
import { maxDuration } from './max-duration.js';
import { maxGap } from './max-gap.js';
import { maxHum } from './max-hum.js';
import { maxNoiseFloor } from './max-noise-floor.js';
import { maxPeak } from './max-peak.js';
import { maxRt60 } from './max-rt60.js';
import { minBandwidth } from './min-bandwidth.js';
import { minC50 } from './min-c50.js';
import { minDuration } from './min-duration.js';
import { minSampleRate } from './min-sample-rate.js';
import { minSnr } from './min-snr.js';
import { minSpeech } from './min-speech.js';
import { minSpeechRatio } from './min-speech-ratio.js';
import { nonFiniteSamples } from './non-finite-samples.js';
import { trailingSilence } from './trailing-silence.js';

/** Every check, in the order findings of equal severity and place are listed. */
export const rules: readonly Rule[] = [
  nonFiniteSamples,
  channelProblems,
  minDuration,
  maxDuration,
  minSpeech,
  minSpeechRatio,
  minSampleRate,
  minBandwidth,
  minSnr,
  maxNoiseFloor,
  maxHum,
  minC50,
  maxRt60,
  maxClipping,
  maxPeak,
  levelRange,
  maxDcOffset,
  leadingSilence,
  trailingSilence,
  maxGap,
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
