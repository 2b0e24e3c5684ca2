import { maxHum } from '../../../src/gate/rules/max-hum.js';
import { testRule } from '../ruleTester.js';

testRule(maxHum, {
  valid: [
    { name: 'exactly the limit', metrics: { humDb: 12, humDbfs: -50, humFrequencyHz: 50 } },
    { name: 'prominent but too quiet to hear', metrics: { humDb: 25, humDbfs: -75, humFrequencyHz: 60 } },
    { name: 'not measurable (null)', metrics: { humDb: null, humDbfs: null, humFrequencyHz: null } },
  ],
  invalid: [
    { name: '50 Hz hum', metrics: { humDb: 18.26, humDbfs: -48, humFrequencyHz: 50 }, expected: [{ value: 18.26, threshold: 12, message: 'Mains hum at 50 Hz stands 18.3 dB above the surrounding spectrum, expected at most 12 dB: move the microphone' }] },
    { name: 'unknown mains frequency', metrics: { humDb: 15, humDbfs: null, humFrequencyHz: null }, expected: [{ value: 15, threshold: 12, message: 'Mains hum at 50/60 Hz' }] },
  ],
});
