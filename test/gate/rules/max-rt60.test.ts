import { maxRt60 } from '../../../src/gate/rules/max-rt60.js';
import { testRule } from '../ruleTester.js';

testRule(maxRt60, {
  valid: [
    { name: 'exactly the limit', metrics: { rt60S: 0.6 } },
    { name: 'not measurable (null)', metrics: { rt60S: null } },
  ],
  invalid: [
    { name: 'hall', metrics: { rt60S: 1.234 }, expected: [{ value: 1.234, threshold: 0.6, message: 'Reverberation time is 1.23 s, expected at most 0.6 s: the room echoes' }] },
    { name: 'strict limit', metrics: { rt60S: 0.55 }, options: { maxS: 0.5 }, expected: [{ value: 0.55, threshold: 0.5 }] },
  ],
});
