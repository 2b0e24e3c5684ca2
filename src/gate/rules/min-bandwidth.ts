import { kilohertz } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minBandwidth = defineRule({
  id: 'min-bandwidth',
  description: 'The sound has real high-frequency content (catches telephone or low-bitrate audio converted up to a higher rate).',
  metric: 'bandwidthHz',
  unit: 'Hz',
  format: kilohertz,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: above the telephone band (300–3400 Hz, at most 4 kHz at an 8 kHz rate), below wideband speech (7–8 kHz).
      minHz: z.number().positive().default(5000).describe('Lowest acceptable bandwidth, Hz.'),
    }),
  messages: {
    tooNarrow: {
      text: 'The sound reaches only {value} kHz, expected content up to at least {threshold} kHz',
      advice: 'this looks like telephone or heavily compressed audio converted up: use the original recording, not a call or voice message',
    },
  },
  check(metrics, { minHz }) {
    const { bandwidthHz, sampleRateHz } = metrics;
    // A file whose rate cannot carry minHz is min-sample-rate's finding; this rule looks for narrow content in a wide file.
    if (sampleRateHz / 2 <= minHz || bandwidthHz >= minHz) return [];
    return [{ messageId: 'tooNarrow', value: bandwidthHz, threshold: minHz }];
  },
});
