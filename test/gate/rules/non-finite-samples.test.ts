import { nonFiniteSamples } from '../../../src/gate/rules/non-finite-samples.js';
import { testRule } from '../ruleTester.js';

testRule(nonFiniteSamples, {
  valid: [{ name: 'tolerated count', metrics: { nonFiniteSamples: 3 }, options: { maxSamples: 3 } }],
  invalid: [{ name: 'NaN in the data', metrics: { nonFiniteSamples: 12 }, expected: [{ value: 12, threshold: 0, message: '12 samples are NaN or infinite, expected at most 0: the file is damaged' }] }],
});
