import { levelRange } from '../../../src/gate/rules/level-range.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

testRule(levelRange, {
  valid: [
    { name: 'bottom of the window', metrics: { loudnessLufs: -28 } },
    { name: 'top of the window', metrics: { loudnessLufs: -18 } },
    { name: 'loudness not measurable (null)', metrics: { loudnessLufs: null } },
    { name: 'speech RMS inside its window', metrics: { loudnessLufs: -40, speechRmsDbfs: -20 }, options: { metric: 'speechRmsDbfs', min: -23, max: -18 } },
  ],
  invalid: [
    { name: 'too quiet', metrics: { loudnessLufs: -34.56 }, expected: [{ value: -34.56, threshold: -28, fixable: 'normalize', unit: 'LUFS', metric: 'loudnessLufs', message: 'Loudness is -34.6 LUFS, expected at least -28 LUFS: raise the input gain' }] },
    { name: 'too loud', metrics: { loudnessLufs: -12 }, expected: [{ value: -12, threshold: -18, fixable: 'normalize', message: 'Loudness is -12 LUFS, expected at most -18 LUFS: lower the input gain' }] },
    { name: 'fixing off', metrics: { loudnessLufs: -12 }, fix: FIX_OFF, expected: [{ value: -12, threshold: -18 }] },
    { name: 'normalise target outside the window', metrics: { loudnessLufs: -12 }, options: { min: -20, max: -14 }, expected: [{ value: -12, threshold: -14 }] },
    {
      name: 'speech RMS window',
      metrics: { speechRmsDbfs: -30.04 },
      options: { metric: 'speechRmsDbfs', min: -23, max: -18 },
      fix: { ...FIX_ON, normalize: { ...FIX_ON.normalize, targetLufs: -16 } },
      expected: [{ value: -30.04, threshold: -23, fixable: 'normalize', unit: 'dBFS', metric: 'speechRmsDbfs', message: 'Speech level is -30 dBFS, expected at least -23 dBFS' }],
    },
  ],
});
