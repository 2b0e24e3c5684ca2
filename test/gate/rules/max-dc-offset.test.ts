import { maxDcOffset } from '../../../src/gate/rules/max-dc-offset.js';
import { testRule } from '../ruleTester.js';

testRule(maxDcOffset, {
  valid: [
    { name: 'exactly the limit', metrics: { dcOffset: 0.01 } },
    { name: 'negative, inside the limit', metrics: { dcOffset: -0.009 } },
  ],
  invalid: [
    { name: 'positive offset', metrics: { dcOffset: 0.0234 }, expected: [{ value: 0.0234, threshold: 0.01, message: 'DC offset is 2.3 % of full scale, expected at most 1 %: check the audio interface' }] },
    { name: 'negative offset', metrics: { dcOffset: -0.117 }, expected: [{ value: -0.117, threshold: 0.01, message: 'DC offset is -12 % of full scale' }] },
  ],
});
