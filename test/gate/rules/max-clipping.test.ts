import { maxClipping } from '../../../src/gate/rules/max-clipping.js';
import { testRule } from '../ruleTester.js';

const runs = [
  { startS: 1.2, endS: 1.201, channel: 0, samples: 24 },
  { startS: 4.5, endS: 4.502, channel: 0, samples: 48 },
];

testRule(maxClipping, {
  valid: [
    { name: 'exactly the limit', metrics: { clippedRatio: 0.001, clippedRuns: runs } },
    { name: 'custom limit', metrics: { clippedRatio: 0.004, clippedRuns: runs }, options: { maxRatio: 0.005 } },
  ],
  invalid: [
    {
      name: 'clipped runs become spans without channel and sample count',
      metrics: { clippedRatio: 0.0234, clippedRuns: runs },
      expected: [
        {
          value: 0.0234,
          threshold: 0.001,
          spans: [{ startS: 1.2, endS: 1.201 }, { startS: 4.5, endS: 4.502 }],
          message: '2.3 % of samples are clipped (2 clipped runs), expected at most 0.1 %: lower the input gain',
        },
      ],
    },
    { name: 'strict limit', metrics: { clippedRatio: 0.000376, clippedRuns: runs.slice(0, 1) }, options: { maxRatio: 0.0001 }, expected: [{ value: 0.000376, threshold: 0.0001, spans: [{ startS: 1.2, endS: 1.201 }], message: '0.038 % of samples are clipped (1 clipped run), expected at most 0.01 %' }] },
  ],
});
