import { minSpeechRatio } from '../../../src/gate/rules/min-speech-ratio.js';
import { testRule } from '../ruleTester.js';

testRule(minSpeechRatio, {
  valid: [
    { name: 'exactly the limit', metrics: { speechRatio: 0.5 } },
    { name: 'no speech is min-speech’s finding', metrics: { speechS: 0, speechRatio: 0 } },
  ],
  invalid: [
    { name: 'mostly silence', metrics: { speechRatio: 0.3812 }, expected: [{ value: 0.3812, threshold: 0.5, message: 'Speech fills 38 % of the clip, expected at least 50 %: cut long silences' }] },
    { name: 'strict limit', metrics: { speechRatio: 0.55 }, options: { minRatio: 0.6 }, expected: [{ value: 0.55, threshold: 0.6 }] },
  ],
});
