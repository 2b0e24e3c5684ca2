import { minSpeech } from '../../../src/gate/rules/min-speech.js';
import { testRule } from '../ruleTester.js';

testRule(minSpeech, {
  valid: [
    { name: 'exactly the limit', metrics: { speechS: 2 } },
    { name: 'custom limit', metrics: { speechS: 1.2 }, options: { minS: 1 } },
  ],
  invalid: [
    { name: 'no speech at all', metrics: { speechS: 0, speechRatio: 0, snrDb: null }, expected: [{ value: 0, threshold: 2, message: 'No speech was found, expected at least 2 s: check that this is the right file' }] },
    { name: 'too little speech', metrics: { speechS: 1.234 }, expected: [{ value: 1.234, threshold: 2, message: 'The clip holds 1.23 s of speech, expected at least 2 s' }] },
  ],
});
