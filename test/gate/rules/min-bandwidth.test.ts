import { minBandwidth } from '../../../src/gate/rules/min-bandwidth.js';
import { testRule } from '../ruleTester.js';

testRule(minBandwidth, {
  valid: [
    { name: 'exactly the limit', metrics: { bandwidthHz: 5000 } },
    { name: 'a real 8 kHz file is min-sample-rate’s finding', metrics: { sampleRateHz: 8000, bandwidthHz: 3700 } },
  ],
  invalid: [
    { name: 'telephone audio upsampled to 16 kHz', metrics: { sampleRateHz: 16000, bandwidthHz: 3660 }, expected: [{ value: 3660, threshold: 5000, unit: 'Hz', message: 'The sound reaches only 3.7 kHz, expected content up to at least 5 kHz: this looks like telephone' }] },
    { name: 'custom limit', metrics: { bandwidthHz: 6800 }, options: { minHz: 7000 }, expected: [{ value: 6800, threshold: 7000 }] },
  ],
});
