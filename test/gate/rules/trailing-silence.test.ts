import { trailingSilence } from '../../../src/gate/rules/trailing-silence.js';
import { FIX_OFF, testRule } from '../ruleTester.js';

testRule(trailingSilence, {
  valid: [
    { name: 'exactly the minimum', metrics: { trailingSilenceS: 0.1 } },
    { name: 'exactly the maximum', metrics: { trailingSilenceS: 1 } },
    { name: 'no speech: nothing to measure from', metrics: { speechS: 0, trailingSilenceS: 8 } },
  ],
  invalid: [
    { name: 'long tail', metrics: { trailingSilenceS: 3 }, expected: [{ value: 3, threshold: 1, spans: [{ startS: 5, endS: 8 }], fixable: 'trim', message: 'The clip ends with 3 s of silence, expected at most 1 s: stop the recording soon' }] },
    { name: 'fixing off', metrics: { trailingSilenceS: 3 }, fix: FIX_OFF, expected: [{ value: 3, threshold: 1, spans: [{ startS: 5, endS: 8 }] }] },
    { name: 'last word cut off', metrics: { trailingSilenceS: 0 }, expected: [{ value: 0, threshold: 0.1, message: 'The clip ends 0 s after the last word' }] },
  ],
});
