import { maxPeak } from '../../../src/gate/rules/max-peak.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

testRule(maxPeak, {
  valid: [
    { name: 'exactly the limit', metrics: { peakDbfs: -1 } },
    { name: 'custom limit', metrics: { peakDbfs: -0.5 }, options: { maxDbfs: 0 } },
  ],
  invalid: [
    { name: 'hot peak, normalisation on', metrics: { peakDbfs: -0.04 }, expected: [{ value: -0.04, threshold: -1, fixable: 'normalize', message: 'The peak is 0 dBFS, expected at most -1 dBFS' }] },
    { name: 'fixing off', metrics: { peakDbfs: -0.5 }, fix: FIX_OFF, expected: [{ value: -0.5, threshold: -1 }] },
    { name: 'normalisation off', metrics: { peakDbfs: -0.5 }, fix: { ...FIX_ON, normalize: { ...FIX_ON.normalize, enabled: false } }, expected: [{ value: -0.5, threshold: -1 }] },
    { name: 'ceiling above the limit', metrics: { peakDbfs: -3.5 }, options: { maxDbfs: -4 }, expected: [{ value: -3.5, threshold: -4 }] },
  ],
});
