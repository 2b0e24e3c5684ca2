import { hertz } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minSampleRate = defineRule({
  id: 'min-sample-rate',
  description: 'The file is sampled fast enough to keep the detail of the voice.',
  metric: 'sampleRateHz',
  unit: 'Hz',
  format: hertz,
  options: (z: Zod) =>
    z.strictObject({
      // Azure Custom Neural Voice: files under 16 kHz are rejected, 24 kHz or more recommended.
      minHz: z.number().int().positive().default(16000).describe('Lowest acceptable sample rate, Hz.'),
    }),
  messages: {
    tooLow: {
      text: 'The sample rate is {value} Hz, expected at least {threshold} Hz',
      advice: 'record or export at 24 kHz or 48 kHz; converting a low-rate file up does not bring back the missing detail',
    },
  },
  check(metrics, { minHz }) {
    return metrics.sampleRateHz < minHz ? [{ messageId: 'tooLow', value: metrics.sampleRateHz, threshold: minHz }] : [];
  },
});
