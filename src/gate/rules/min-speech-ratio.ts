import { percent } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minSpeechRatio = defineRule({
  id: 'min-speech-ratio',
  description: 'Speech fills most of the clip.',
  metric: 'speechRatio',
  unit: 'ratio',
  format: percent,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: at least half the clip; the embedding API's guide asks for clear speech without long pauses.
      minRatio: z.number().min(0).max(1).default(0.5).describe('Least share of the clip that is speech (0.5 = 50 %).'),
    }),
  messages: {
    tooLow: {
      text: 'Speech fills {value} % of the clip, expected at least {threshold} %',
      advice: 'cut long silences and read on without long pauses',
    },
  },
  check(metrics, { minRatio }) {
    const { speechRatio, speechS } = metrics;
    // No speech at all is min-speech's finding; saying it twice adds nothing.
    if (speechS === 0 || speechRatio >= minRatio) return [];
    return [{ messageId: 'tooLow', value: speechRatio, threshold: minRatio }];
  },
});
