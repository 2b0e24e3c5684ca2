import { count } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const nonFiniteSamples = defineRule({
  id: 'non-finite-samples',
  description: 'Every sample is a number (no NaN or infinity from a damaged file or a faulty float encoder).',
  metric: 'nonFiniteSamples',
  unit: 'samples',
  format: count,
  options: (z: Zod) =>
    z.strictObject({
      // A valid file has none: any NaN/Inf means the data is damaged.
      maxSamples: z.number().int().min(0).default(0).describe('Most NaN or infinite samples accepted.'),
    }),
  messages: {
    found: {
      text: '{value} samples are NaN or infinite, expected at most {threshold}',
      advice: 'the file is damaged or was written by a faulty encoder: export it again from the original recording',
    },
  },
  check(metrics, { maxSamples }) {
    const { nonFiniteSamples } = metrics;
    return nonFiniteSamples > maxSamples ? [{ messageId: 'found', value: nonFiniteSamples, threshold: maxSamples }] : [];
  },
});
