import { seconds } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxRt60 = defineRule({
  id: 'max-rt60',
  description: 'The room does not ring on (blind reverberation-time estimate RT60).',
  metric: 'rt60S',
  unit: 's',
  format: seconds,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: treated booths measure about 0.2–0.3 s and furnished living rooms 0.4–0.6 s (as recalled); longer rings audibly.
      maxS: z.number().positive().default(0.6).describe('Longest acceptable reverberation time, seconds.'),
    }),
  messages: {
    tooLong: {
      text: 'Reverberation time is {value} s, expected at most {threshold} s',
      advice: 'the room echoes: record closer to the microphone in a small furnished room (curtains, sofa, bookshelves), away from bare walls',
    },
  },
  check(metrics, { maxS }) {
    const { rt60S } = metrics;
    return rt60S !== null && rt60S > maxS ? [{ messageId: 'tooLong', value: rt60S, threshold: maxS }] : [];
  },
});
