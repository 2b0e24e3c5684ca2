import { seconds } from '../format.js';
import { defineRule, fixOn, type Zod } from '../rule.js';

export const leadingSilence = defineRule({
  id: 'leading-silence',
  description: 'A short pause before the first word: enough not to cut it off, not so much that it wastes the clip.',
  metric: 'leadingSilenceS',
  unit: 's',
  format: seconds,
  fixable: ['trim'],
  options: (z: Zod) =>
    z
      .strictObject({
        // Azure Custom Neural Voice: some silence (about 100 ms) before the first word.
        minS: z.number().min(0).default(0.1).describe('Least silence before the first word, seconds.'),
        // ACX: 0.5–1 s of room tone at the head; longer only wastes the 30 s budget.
        maxS: z.number().positive().default(1).describe('Most silence before the first word, seconds.'),
      })
      .refine((o) => o.minS <= o.maxS, { message: 'expected maxS to be at least minS', path: ['maxS'] }),
  messages: {
    tooShort: {
      text: 'Speech starts {value} s into the clip, expected at least {threshold} s of silence first',
      advice: 'leave a short pause before the first word so it is not cut off',
    },
    tooLong: {
      text: 'The clip starts with {value} s of silence, expected at most {threshold} s',
      advice: 'start speaking soon after pressing record, or trim the silence',
    },
  },
  check(metrics, { minS, maxS }, { fix }) {
    const { leadingSilenceS, speechS } = metrics;
    // Without speech there is no first word to measure from: min-speech reports that.
    if (speechS === 0) return [];
    if (leadingSilenceS < minS) return [{ messageId: 'tooShort', value: leadingSilenceS, threshold: minS }];
    if (leadingSilenceS <= maxS) return [];
    const fixable = fixOn(fix, 'trim') && fix.trim.padS <= maxS;
    return [
      {
        messageId: 'tooLong',
        value: leadingSilenceS,
        threshold: maxS,
        spans: [{ startS: 0, endS: leadingSilenceS }],
        ...(fixable && { fixable: 'trim' as const }),
      },
    ];
  },
});
