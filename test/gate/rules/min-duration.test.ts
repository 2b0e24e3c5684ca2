import { minDuration } from '../../../src/gate/rules/min-duration.js';
import { testRule } from '../ruleTester.js';

testRule(minDuration, {
  valid: [
    { name: 'exactly the limit', metrics: { durationS: 3 } },
    { name: 'custom limit', metrics: { durationS: 2.1 }, options: { minS: 2 } },
  ],
  invalid: [
    { name: 'a 1.6 s sentence', metrics: { durationS: 1.6 }, expected: [{ value: 1.6, threshold: 3, message: 'The clip is 1.6 s long, expected at least 3 s: record a longer take' }] },
    { name: 'custom limit', metrics: { durationS: 4.999 }, options: { minS: 5 }, expected: [{ value: 4.999, threshold: 5, message: 'is 5 s long' }] },
  ],
});
