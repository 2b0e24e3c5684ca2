import { maxGap } from '../../../src/gate/rules/max-gap.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

const gaps = [
  { startS: 1.0, endS: 1.4 },
  { startS: 2.0, endS: 4.1 },
  { startS: 5.0, endS: 8.4 },
];

testRule(maxGap, {
  valid: [
    { name: 'exactly the limit', metrics: { gaps: [{ startS: 2, endS: 3.5 }], longestGapS: 1.5 } },
    { name: 'no gaps', metrics: { gaps: [], longestGapS: 0 } },
  ],
  invalid: [
    {
      name: 'every gap over the limit is a span',
      metrics: { durationS: 12, gaps, longestGapS: 3.4 },
      expected: [{ value: 3.4000000000000004, threshold: 1.5, spans: gaps.slice(1), fixable: 'gaps', message: 'The clip has 2 pauses longer than 1.5 s, the longest 3.4 s: read on without long pauses' }],
    },
    { name: 'one pause', metrics: { gaps: gaps.slice(0, 2), longestGapS: 2.1 }, options: { maxS: 1 }, fix: { ...FIX_ON, gaps: { enabled: true, maxS: 1, shortenToS: 0.5 } }, expected: [{ value: 2.0999999999999996, threshold: 1, spans: gaps.slice(1, 2), fixable: 'gaps', message: 'has 1 pause longer than 1 s, the longest 2.1 s' }] },
    { name: 'fixing off', metrics: { gaps: gaps.slice(0, 2), longestGapS: 2.1 }, fix: FIX_OFF, expected: [{ value: 2.0999999999999996, threshold: 1.5, spans: gaps.slice(1, 2) }] },
    { name: 'fix shortens only longer pauses than the rule flags', metrics: { gaps: gaps.slice(0, 2), longestGapS: 2.1 }, options: { maxS: 1 }, expected: [{ value: 2.0999999999999996, threshold: 1, spans: gaps.slice(1, 2) }] },
  ],
});
