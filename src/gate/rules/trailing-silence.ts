import { seconds } from '../format.js';
import { defineRule, fixOn, type Zod } from '../rule.js';

export const trailingSilence = defineRule({
  id: 'trailing-silence',
  description: 'A short pause after the last word: enough not to cut it off, not so much that it wastes the clip.',
  metric: 'trailingSilenceS',
  unit: 's',
  format: seconds,
  fixable: ['trim'],
  options: (z: Zod) =>
    z
      .strictObject({
        // Azure Custom Neural Voice: some silence (about 100 ms) after the last word.
        minS: z.number().min(0).default(0.1).describe('Least silence after the last word, seconds.'),
        // Project choice: 1 s, as for the head (ACX asks 1–5 s of tail room tone for audiobook chapters, too much for a clip).
        maxS: z.number().positive().default(1).describe('Most silence after the last word, seconds.'),
      })
      .refine((o) => o.minS <= o.maxS, { message: 'expected maxS to be at least minS', path: ['maxS'] }),
  messages: {
    tooShort: {
      text: 'The clip ends {value} s after the last word, expected at least {threshold} s of silence',
      advice: 'wait a moment after the last word before stopping the recording so it is not cut off',
    },
    tooLong: {
      text: 'The clip ends with {value} s of silence, expected at most {threshold} s',
      advice: 'stop the recording soon after the last word, or trim the silence',
    },
  },
  check(metrics, { minS, maxS }, { fix }) {
    const { trailingSilenceS, speechS, durationS } = metrics;
    // Without speech there is no last word to measure from: min-speech reports that.
    if (speechS === 0) return [];
    if (trailingSilenceS < minS) return [{ messageId: 'tooShort', value: trailingSilenceS, threshold: minS }];
    if (trailingSilenceS <= maxS) return [];
    const fixable = fixOn(fix, 'trim') && fix.trim.padS <= maxS;
    return [
      {
        messageId: 'tooLong',
        value: trailingSilenceS,
        threshold: maxS,
        spans: [{ startS: durationS - trailingSilenceS, endS: durationS }],
        ...(fixable && { fixable: 'trim' as const }),
      },
    ];
  },
});
