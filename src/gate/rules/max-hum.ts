import { db } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxHum = defineRule({
  id: 'max-hum',
  description: 'No audible mains hum (50/60 Hz and harmonics standing out of the spectrum).',
  metric: 'humDb',
  unit: 'dB',
  format: db,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: a 12 dB prominence is clearly audible on headphones.
      maxDb: z.number().min(0).default(12).describe('Highest acceptable hum prominence above the surrounding spectrum, dB.'),
      // Azure's recording goal is noise at -80 dB with -70 dB as the limit before speech: hum below that is inaudible.
      ignoreBelowDbfs: z.number().max(0).default(-70).describe('Hum quieter than this level is not reported, dBFS.'),
    }),
  messages: {
    tooHigh: {
      text: 'Mains hum at {frequency} Hz stands {value} dB above the surrounding spectrum, expected at most {threshold} dB',
      advice: 'move the microphone and cables away from power adapters, lights and screens, and plug all equipment into one outlet to avoid a ground loop',
    },
  },
  check(metrics, { maxDb, ignoreBelowDbfs }) {
    const { humDb, humDbfs, humFrequencyHz } = metrics;
    if (humDb === null || humDb <= maxDb || (humDbfs !== null && humDbfs < ignoreBelowDbfs)) return [];
    return [{ messageId: 'tooHigh', value: humDb, threshold: maxDb, data: { frequency: humFrequencyHz === null ? '50/60' : String(humFrequencyHz) } }];
  },
});
