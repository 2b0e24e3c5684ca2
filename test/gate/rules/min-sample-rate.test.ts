import { minSampleRate } from '../../../src/gate/rules/min-sample-rate.js';
import { testRule } from '../ruleTester.js';

testRule(minSampleRate, {
  valid: [
    { name: '16 kHz', metrics: { sampleRateHz: 16000 } },
    { name: '48 kHz', metrics: { sampleRateHz: 48000 } },
  ],
  invalid: [
    { name: 'telephone rate', metrics: { sampleRateHz: 8000 }, expected: [{ value: 8000, threshold: 16000, unit: 'Hz', message: 'The sample rate is 8000 Hz, expected at least 16000 Hz: record or export at 24 kHz' }] },
    { name: 'custom limit', metrics: { sampleRateHz: 22050 }, options: { minHz: 24000 }, expected: [{ value: 22050, threshold: 24000 }] },
  ],
});
