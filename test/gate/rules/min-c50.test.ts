import { minC50 } from '../../../src/gate/rules/min-c50.js';
import { testRule } from '../ruleTester.js';

testRule(minC50, {
  valid: [
    { name: 'exactly the limit', metrics: { c50Db: 10 } },
    { name: 'not measurable (null)', metrics: { c50Db: null } },
  ],
  invalid: [
    { name: 'reverberant room', metrics: { c50Db: 3.25 }, expected: [{ value: 3.25, threshold: 10, message: 'Clarity (C50) is 3.3 dB, expected at least 10 dB: the room echoes' }] },
    { name: 'strict limit', metrics: { c50Db: 12 }, options: { minDb: 15 }, expected: [{ value: 12, threshold: 15 }] },
  ],
});
