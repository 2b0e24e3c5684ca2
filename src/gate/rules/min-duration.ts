import { seconds } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minDuration = defineRule({
  id: 'min-duration',
  description: 'The clip is long enough to carry the voice.',
  metric: 'durationS',
  unit: 's',
  format: seconds,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: speaker embeddings (the API returns 192 values, x-vector/ECAPA size) grow unreliable on clips under ~3 s.
      minS: z.number().positive().default(3).describe('Shortest acceptable clip, seconds.'),
    }),
  messages: {
    tooShort: {
      text: 'The clip is {value} s long, expected at least {threshold} s',
      advice: 'record a longer take: read one or two full sentences at a natural pace',
    },
  },
  check(metrics, { minS }) {
    return metrics.durationS < minS ? [{ messageId: 'tooShort', value: metrics.durationS, threshold: minS }] : [];
  },
});
