import { seconds } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const maxDuration = defineRule({
  id: 'max-duration',
  description: 'The clip fits the voice-cloning API (at most 30 s of audio).',
  metric: 'durationS',
  unit: 's',
  format: seconds,
  fixable: ['cut', 'split'],
  options: (z: Zod) =>
    z.strictObject({
      // Embedding API guide: at most 30 s of audio, longer files may be refused.
      maxS: z.number().positive().default(30).describe('Longest acceptable clip, seconds.'),
    }),
  messages: {
    tooLong: {
      text: 'The clip is {value} s long, expected at most {threshold} s',
      advice: 'cut the take at a pause before {threshold} s, or split it into clips of at most {threshold} s',
    },
  },
  check(metrics, { maxS }, { fix }) {
    if (metrics.durationS <= maxS) return [];
    const { mode, maxDurationS } = fix.long;
    const fixable = fix.enabled && mode !== 'none' && maxDurationS <= maxS ? mode : undefined;
    return [
      {
        messageId: 'tooLong',
        value: metrics.durationS,
        threshold: maxS,
        spans: [{ startS: maxS, endS: metrics.durationS }],
        ...(fixable && { fixable }),
      },
    ];
  },
});
