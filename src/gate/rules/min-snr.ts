import { db } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minSnr = defineRule({
  id: 'min-snr',
  description: 'Speech stands well above the background noise (active speech level over noise power).',
  metric: 'snrDb',
  unit: 'dB',
  format: db,
  options: (z: Zod) =>
    z.strictObject({
      // Azure Custom Neural Voice: SNR below 20 dB gives audible noise in the voice; above 35 dB recommended.
      minDb: z.number().default(20).describe('Lowest acceptable signal-to-noise ratio, dB.'),
    }),
  messages: {
    tooLow: {
      text: 'SNR is {value} dB, expected at least {threshold} dB',
      advice: 'record in a quieter room, away from fans, traffic and open windows',
    },
  },
  check(metrics, { minDb }) {
    const { snrDb } = metrics;
    return snrDb !== null && snrDb < minDb ? [{ messageId: 'tooLow', value: snrDb, threshold: minDb }] : [];
  },
});
