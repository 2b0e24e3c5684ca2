import { maxNoiseFloor } from '../../../src/gate/rules/max-noise-floor.js';
import { testRule } from '../ruleTester.js';

testRule(maxNoiseFloor, {
  valid: [
    { name: 'exactly the limit', metrics: { noiseFloorDbfs: -60 } },
    { name: 'custom limit', metrics: { noiseFloorDbfs: -52 }, options: { maxDbfs: -50 } },
  ],
  invalid: [
    { name: 'fan noise', metrics: { noiseFloorDbfs: -41.27 }, expected: [{ value: -41.27, threshold: -60, message: 'The noise floor is -41.3 dBFS, expected at most -60 dBFS: switch off fans' }] },
  ],
});
