import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { quietLinePowers } from '../../src/analysis/humQuietFit.js';
import { whiteNoise } from '../helpers/signals.js';

const RATE = 16000;
const db = (p: number): number => 10 * Math.log10(p);

/**
 * 6 s of 60 Hz hum (fundamental at −50 dBFS, 3rd harmonic at −56 dBFS, no 2nd), white noise at −70 dBFS, and a
 * "voice": 0.35 s bursts at −20 dBFS every 0.5 s, a harmonic complex on a pitch gliding 100 → 140 Hz, whose 2nd
 * and 3rd harmonics cross the 180 Hz hum line in every burst.
 */
function hummyTake(): Float32Array {
  const x = whiteNoise(10 ** (-70 / 20), 6, RATE, 7);
  let phase = 0;
  for (let i = 0; i < x.length; i++) {
    const t = i / RATE;
    x[i]! += Math.SQRT2 * 10 ** (-50 / 20) * Math.sin(2 * Math.PI * 60 * t) + Math.SQRT2 * 10 ** (-56 / 20) * Math.sin(2 * Math.PI * 180 * t + 1);
    const inBurst = t % 0.5;
    if (inBurst < 0.35) {
      phase += (2 * Math.PI * (100 + (40 * inBurst) / 0.35)) / RATE;
      for (let h = 1; h <= 4; h++) x[i]! += 0.05 * Math.sin(h * phase);
    }
  }
  return x;
}

describe('quietLinePowers', () => {
  it('reads each hum harmonic in the gaps between voiced bursts, and nothing where there is no line', () => {
    const f = extractFeatures([hummyTake()], RATE);
    const lines = quietLinePowers(f.lowBandSpectrum, RATE, 60)!;
    expect(lines).toHaveLength(6);
    expect(Math.abs(db(lines[0]!) - -50)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(db(lines[2]!) - -56)).toBeLessThanOrEqual(0.3);
    // 120 Hz carries no hum: 0, or at most the noise's share in a fit (−70 dBFS white over 8 kHz is −109 dB per Hz).
    expect(lines[1] === 0 || db(lines[1]!) < -80).toBe(true);
  });

  it('gives null when the clip is too short for two frames of whole mains periods', () => {
    const f = extractFeatures([whiteNoise(0.01, 0.06, RATE, 1)], RATE);
    expect(quietLinePowers(f.lowBandSpectrum, RATE, 60)).toBeNull();
  });
});
