import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { measureHum } from '../../src/analysis/hum.js';
import { highPass60 } from '../helpers/mixing.js';
import { readWav } from '../helpers/wav.js';

/** Mains hum: fundamental plus harmonics 2, 3 and 5 with fixed relative amplitudes, scaled to a total RMS level. */
function withHum(x: Float32Array, rateHz: number, mainsHz: number, totalDbfs: number): Float32Array {
  const harmonics = [1, 2, 3, 5];
  const relative = [1, 0.5, 0.7, 0.3];
  const meanSquare = relative.reduce((sum, r) => sum + (r * r) / 2, 0);
  const scale = 10 ** (totalDbfs / 20) / Math.sqrt(meanSquare);
  return x.map((v, i) => {
    let hum = 0;
    harmonics.forEach((h, j) => {
      hum += scale * relative[j]! * Math.sin((2 * Math.PI * mainsHz * h * i) / rateHz + j);
    });
    return v + hum;
  });
}

// CMU ARCTIC axb is left out of the level checks: its pitch stays near 240 Hz (4 × 60 Hz) for most of its 2.8 s
// and adds its broad bump to the 60 Hz family's level (a known limit, see hum.ts). On its own it reads no hum.
const SPEECH = ['1688-142285-0003', '3080-5032-0001', 'p286_011'];

function speech(name: string) {
  const w = readWav(`test/fixtures/speech/${name}.wav`);
  return { x: highPass60(w.channels[0]!, w.sampleRateHz), rateHz: w.sampleRateHz };
}

describe('measureHum', () => {
  it.each(SPEECH.flatMap((name) => [50, 60].flatMap((mainsHz) => [-35, -40].map((db) => [name, mainsHz, db] as const))))(
    '%s with %i Hz hum at %i dBFS: level within 1 dB, frequency right',
    (name, mainsHz, db) => {
      const { x, rateHz } = speech(name);
      const m = measureHum(extractFeatures([withHum(x, rateHz, mainsHz, db)], rateHz));
      expect(m.humFrequencyHz).toBe(mainsHz);
      expect(Math.abs(m.humDbfs! - db)).toBeLessThanOrEqual(1);
    },
  );

  it.each([...SPEECH, 'cmu_arctic_us_axb_a0004'])('finds no hum in clean %s', (name) => {
    const { x, rateHz } = speech(name);
    const m = measureHum(extractFeatures([x], rateHz));
    expect(m.humFrequencyHz).toBeNull();
  });
});
