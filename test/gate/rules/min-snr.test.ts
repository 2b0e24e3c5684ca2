import { minSnr } from '../../../src/gate/rules/min-snr.js';
import { testRule } from '../ruleTester.js';

testRule(minSnr, {
  valid: [
    { name: 'exactly the limit', metrics: { snrDb: 20 } },
    { name: 'not measurable (null)', metrics: { snrDb: null } },
  ],
  invalid: [
    {
      name: 'noisy room',
      metrics: { snrDb: 14.2345 },
      options: { minDb: 25 },
      expected: [{ value: 14.2345, threshold: 25, unit: 'dB', metric: 'snrDb', message: 'SNR is 14.2 dB, expected at least 25 dB: record in a quieter room, away from fans, traffic and open windows.' }],
    },
    { name: 'default limit', metrics: { snrDb: 19.96 }, expected: [{ value: 19.96, threshold: 20, message: 'SNR is 20 dB, expected at least 20 dB' }] },
  ],
});
