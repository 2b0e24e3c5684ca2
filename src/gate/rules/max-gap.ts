import { plural, seconds } from '../format.js';
import { defineRule, fixOn, type Zod } from '../rule.js';

export const maxGap = defineRule({
  id: 'max-gap',
  description: 'No long pauses inside the clip (every pause over the limit is listed).',
  metric: 'longestGapS',
  unit: 's',
  format: seconds,
  fixable: ['gaps'],
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: sentence pauses in read speech run about 0.5–1 s; the embedding API's guide asks to avoid long pauses.
      maxS: z.number().positive().default(1.5).describe('Longest acceptable pause between words, seconds.'),
    }),
  messages: {
    tooLong: {
      text: 'The clip has {pauses} longer than {threshold} s, the longest {value} s',
      advice: 'read on without long pauses, or shorten them in an editor',
    },
  },
  check(metrics, { maxS }, { fix }) {
    const over = metrics.gaps.filter((gap) => gap.endS - gap.startS > maxS);
    if (over.length === 0) return [];
    // The gap fix shortens every pause over fix.gaps.maxS (to a length the preset schema keeps below that).
    const fixable = fixOn(fix, 'gaps') && fix.gaps.maxS <= maxS;
    return [
      {
        messageId: 'tooLong',
        value: Math.max(...over.map((gap) => gap.endS - gap.startS)),
        threshold: maxS,
        data: { pauses: plural(over.length, 'pause') },
        spans: over.map(({ startS, endS }) => ({ startS, endS })),
        ...(fixable && { fixable: 'gaps' as const }),
      },
    ];
  },
});
