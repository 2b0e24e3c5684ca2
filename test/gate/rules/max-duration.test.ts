import { maxDuration } from '../../../src/gate/rules/max-duration.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

const long = { durationS: 31.52 };
const tail = [{ startS: 30, endS: 31.52 }];

testRule(maxDuration, {
  valid: [
    { name: 'exactly 30 s', metrics: { durationS: 30 } },
    { name: 'custom limit', metrics: { durationS: 44 }, options: { maxS: 45 } },
  ],
  invalid: [
    { name: 'cut mode', metrics: long, expected: [{ value: 31.52, threshold: 30, spans: tail, fixable: 'cut', message: 'The clip is 31.52 s long, expected at most 30 s: cut the take at a pause before 30 s' }] },
    { name: 'split mode', metrics: long, fix: { ...FIX_ON, long: { ...FIX_ON.long, mode: 'split' } }, expected: [{ value: 31.52, threshold: 30, spans: tail, fixable: 'split' }] },
    { name: 'mode none', metrics: long, fix: { ...FIX_ON, long: { ...FIX_ON.long, mode: 'none' } }, expected: [{ value: 31.52, threshold: 30, spans: tail }] },
    { name: 'fixing off', metrics: long, fix: FIX_OFF, expected: [{ value: 31.52, threshold: 30, spans: tail }] },
    { name: 'fix limit above the rule limit', metrics: { durationS: 26 }, options: { maxS: 25 }, expected: [{ value: 26, threshold: 25, spans: [{ startS: 25, endS: 26 }] }] },
  ],
});
