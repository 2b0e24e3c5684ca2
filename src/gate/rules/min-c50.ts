import { db } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minC50 = defineRule({
  id: 'min-c50',
  description: 'Direct sound outweighs room echo (blind clarity estimate C50: early over late energy).',
  metric: 'c50Db',
  unit: 'dB',
  format: db,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: close-miked speech in a furnished room reads well above 10 dB, a bare or large room below it.
      minDb: z.number().default(10).describe('Lowest acceptable C50, dB.'),
    }),
  messages: {
    tooLow: {
      text: 'Clarity (C50) is {value} dB, expected at least {threshold} dB',
      advice: 'the room echoes: record closer to the microphone in a small furnished room (curtains, sofa, bookshelves), away from bare walls',
    },
  },
  check(metrics, { minDb }) {
    const { c50Db } = metrics;
    return c50Db !== null && c50Db < minDb ? [{ messageId: 'tooLow', value: c50Db, threshold: minDb }] : [];
  },
});
