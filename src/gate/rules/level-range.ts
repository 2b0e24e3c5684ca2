import { db } from '../format.js';
import { defineRule, fixOn, type Zod } from '../rule.js';

const measures = {
  loudnessLufs: { what: 'Loudness', unit: 'LUFS' },
  speechRmsDbfs: { what: 'Speech level', unit: 'dBFS' },
} as const;

export const levelRange = defineRule({
  id: 'level-range',
  description: 'The recording is neither too quiet nor too loud (integrated loudness, or RMS over speech).',
  metric: 'loudnessLufs',
  unit: 'LUFS',
  format: db,
  fixable: ['normalize'],
  options: (z: Zod) =>
    z
      .strictObject({
        metric: z.enum(['loudnessLufs', 'speechRmsDbfs']).default('loudnessLufs').describe('What to measure: integrated loudness (LUFS) or RMS over speech (dBFS).'),
        // Centred on EBU R128's -23 LUFS, 5 LU either side; the top edge is ACX's -18 dB RMS ceiling.
        min: z.number().max(0).default(-28).describe('Quietest acceptable level, in the unit of `metric`.'),
        max: z.number().max(0).default(-18).describe('Loudest acceptable level, in the unit of `metric`.'),
      })
      .refine((o) => o.min < o.max, { message: 'expected max to be above min', path: ['max'] }),
  messages: {
    tooQuiet: {
      text: '{what} is {value} {unit}, expected at least {threshold} {unit}',
      advice: 'raise the input gain or speak closer to the microphone (about a hand’s width away)',
    },
    tooLoud: {
      text: '{what} is {value} {unit}, expected at most {threshold} {unit}',
      advice: 'lower the input gain or move a little further from the microphone',
    },
  },
  check(metrics, { metric, min, max }, { fix }) {
    const value = metrics[metric];
    if (value === null || (value >= min && value <= max)) return [];
    const { what, unit } = measures[metric];
    // Normalisation aims at a loudness target: it only brings a loudness reading into the window when the target is inside it.
    const target = fix.normalize.targetLufs;
    const fixable = fixOn(fix, 'normalize') && (metric !== 'loudnessLufs' || (target >= min && target <= max));
    return [
      {
        messageId: value < min ? 'tooQuiet' : 'tooLoud',
        value,
        threshold: value < min ? min : max,
        data: { what, unit },
        metric,
        unit,
        ...(fixable && { fixable: 'normalize' as const }),
      },
    ];
  },
});
