import { db } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxNoiseFloor = defineRule({
  id: 'max-noise-floor',
  description: 'The background between words is quiet.',
  metric: 'noiseFloorDbfs',
  unit: 'dBFS',
  format: db,
  options: (z: Zod) =>
    z.strictObject({
      // ACX audiobook requirements: noise floor no higher than -60 dB RMS.
      maxDbfs: z.number().max(0).default(-60).describe('Highest acceptable noise floor, dBFS.'),
    }),
  messages: {
    tooHigh: {
      text: 'The noise floor is {value} dBFS, expected at most {threshold} dBFS',
      advice: 'switch off fans and air conditioning, close windows and keep computers out of the room; speaking closer to the microphone lets you lower the gain',
    },
  },
  check(metrics, { maxDbfs }) {
    const { noiseFloorDbfs } = metrics;
    return noiseFloorDbfs > maxDbfs ? [{ messageId: 'tooHigh', value: noiseFloorDbfs, threshold: maxDbfs }] : [];
  },
});
