import { leadingSilence } from '../../../src/gate/rules/leading-silence.js';
import { FIX_OFF, FIX_ON, testRule } from '../ruleTester.js';

testRule(leadingSilence, {
  valid: [
    { name: 'exactly the minimum', metrics: { leadingSilenceS: 0.1 } },
    { name: 'exactly the maximum', metrics: { leadingSilenceS: 1 } },
    { name: 'no speech: nothing to measure from', metrics: { speechS: 0, leadingSilenceS: 8 } },
  ],
  invalid: [
    { name: 'starts with 2.5 s of room noise', metrics: { leadingSilenceS: 2.5 }, expected: [{ value: 2.5, threshold: 1, spans: [{ startS: 0, endS: 2.5 }], fixable: 'trim', message: 'The clip starts with 2.5 s of silence, expected at most 1 s: start speaking soon' }] },
    { name: 'fixing off', metrics: { leadingSilenceS: 2.5 }, fix: FIX_OFF, expected: [{ value: 2.5, threshold: 1, spans: [{ startS: 0, endS: 2.5 }] }] },
    { name: 'trim pad above the limit', metrics: { leadingSilenceS: 0.3 }, options: { maxS: 0.2 }, fix: { ...FIX_ON, trim: { enabled: true, padS: 0.25 } }, expected: [{ value: 0.3, threshold: 0.2, spans: [{ startS: 0, endS: 0.3 }] }] },
    { name: 'first word cut off (trimming cannot add silence)', metrics: { leadingSilenceS: 0.02 }, expected: [{ value: 0.02, threshold: 0.1, message: 'Speech starts 0.02 s into the clip, expected at least 0.1 s of silence first' }] },
  ],
});
