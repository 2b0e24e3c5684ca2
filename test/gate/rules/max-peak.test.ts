import { maxPeak } from '../../../src/gate/rules/max-peak.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

testRule(maxPeak, {
  valid: [
    { name: 'exactly the limit', metrics: { peakDbfs: -1 } },
    { name: 'custom limit', metrics: { peakDbfs: -0.5 }, options: { maxDbfs: 0 } },
  ],
  invalid: [
    { name: 'hot peak, normalisation on', metrics: { peakDbfs: -0.04 }, expected: [{ value: -0.04, threshold: -1, fixable: 'normalize', message: 'The peak is 0 dBFS, expected at most -1 dBFS' }] },
    {
      name: 'over full scale (a lossy decode of a clipped take): not fixable by turning it down',
      metrics: { peakDbfs: 0.29 },
      expected: [{ value: 0.29, threshold: -1, message: 'The peak is 0.3 dBFS, above full scale, expected at most -1 dBFS: a lossy file (MP3, AAC, Opus) that peaks over full scale was almost always clipped before it was encoded, and its clipping cannot be counted' }],
    },
    { name: 'fixing off', metrics: { peakDbfs: -0.5 }, fix: FIX_OFF, expected: [{ value: -0.5, threshold: -1 }] },
    { name: 'normalisation off', metrics: { peakDbfs: -0.5 }, fix: { ...FIX_ON, normalize: { ...FIX_ON.normalize, enabled: false } }, expected: [{ value: -0.5, threshold: -1 }] },
    { name: 'ceiling above the limit', metrics: { peakDbfs: -3.5 }, options: { maxDbfs: -4 }, expected: [{ value: -3.5, threshold: -4 }] },
  ],
});
