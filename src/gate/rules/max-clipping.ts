import { percent, plural } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxClipping = defineRule({
  id: 'max-clipping',
  description: 'Few samples sit on a clipping plateau (the waveform was cut off at full scale).',
  metric: 'clippedRatio',
  unit: 'ratio',
  format: percent,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: 0.1 % of samples; Azure lists "waveform overflow" (clipping) as an audio error without a number.
      maxRatio: z.number().min(0).max(1).default(0.001).describe('Highest acceptable share of clipped samples (0.001 = 0.1 %).'),
    }),
  messages: {
    tooMuch: {
      text: '{value} % of samples are clipped ({runs}), expected at most {threshold} %',
      advice: 'lower the input gain or step back from the microphone and record again: clipping cannot be repaired',
    },
  },
  check(metrics, { maxRatio }) {
    const { clippedRatio, clippedRuns } = metrics;
    if (clippedRatio <= maxRatio) return [];
    return [
      {
        messageId: 'tooMuch',
        value: clippedRatio,
        threshold: maxRatio,
        data: { runs: plural(clippedRuns.length, 'clipped run') },
        spans: clippedRuns.map(({ startS, endS }) => ({ startS, endS })),
      },
    ];
  },
});
