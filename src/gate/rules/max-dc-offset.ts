import { percent } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxDcOffset = defineRule({
  id: 'max-dc-offset',
  description: 'The waveform is centred on zero (no constant offset from the recording chain).',
  metric: 'dcOffset',
  unit: 'FS',
  format: percent,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: 1 % of full scale (-40 dBFS); Azure names DC offset a typical audio error without a number.
      maxAbs: z.number().min(0).max(1).default(0.01).describe('Largest acceptable mean sample value, as a share of full scale.'),
    }),
  messages: {
    tooLarge: {
      text: 'DC offset is {value} % of full scale, expected at most {threshold} %',
      advice: 'check the audio interface or microphone preamp; a high-pass filter in the editor removes the offset',
    },
  },
  check(metrics, { maxAbs }) {
    const { dcOffset } = metrics;
    return Math.abs(dcOffset) > maxAbs ? [{ messageId: 'tooLarge', value: dcOffset, threshold: maxAbs }] : [];
  },
});
