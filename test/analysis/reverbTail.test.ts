import { describe, expect, it } from 'vitest';
import { tailStatistics } from '../../src/analysis/reverbTail.js';

const HOP_S = 0.0025;
const NOISE = 1e-8;

/**
 * Bursts every `periodS`: a 20 ms rise to 1, then an exponential decay of the given RT60, over a noise floor;
 * `interrupt(i)` cuts burst i's decay that many hops after its peak with a louder, slowly fading syllable.
 */
function burstEnvelope(rt60S: number, periodS: number, bursts: number, interrupt: (i: number) => number | null): Float32Array {
  const period = Math.round(periodS / HOP_S);
  const env = new Float32Array(period * bursts + period).fill(NOISE);
  for (let i = 0; i < bursts; i++) {
    const start = i * period + 10;
    for (let t = 0; t < 8; t++) env[start + t] = (t + 1) / 8 + NOISE;
    const peak = start + 7;
    const cut = interrupt(i);
    for (let t = 1; peak + t < start + period - 10; t++) {
      const decay = 10 ** ((-60 * t * HOP_S) / rt60S / 10);
      env[peak + t] = cut !== null && t >= cut ? 2 - 0.01 * (t - cut) : decay + NOISE;
    }
  }
  return env;
}

/** The ratio of a pure exponential decay over the same lags: 0–50 ms against 50–125 ms after the peak. */
function expectedRatioDb(rt60S: number): number {
  let early = 0;
  let late = 0;
  for (let t = 0; t < 50; t++) {
    const level = 10 ** ((-60 * (t + 1) * HOP_S) / rt60S / 10);
    if (t < 20) early += level;
    else late += level;
  }
  return 10 * Math.log10(early / late);
}

describe('pooled early-to-late ratio after offsets', () => {
  it.each([0.3, 0.8])('reads a free exponential decay (RT60 %s s) as its own early-to-late ratio', (rt60S) => {
    const env = burstEnvelope(rt60S, 0.4, 20, () => null);
    const { tailRatioDb, offsets } = tailStatistics(env, HOP_S, () => true, NOISE);
    expect(offsets).toBe(20);
    expect(Math.abs(tailRatioDb! - expectedRatioDb(rt60S))).toBeLessThanOrEqual(0.2);
  });

  it('is not moved by speech that follows some offsets within the window', () => {
    // Every 10th decay is cut 30 ms after its peak by a louder syllable: the low per-lag percentile skips it.
    const env = burstEnvelope(0.5, 0.4, 40, (i) => (i % 10 === 3 ? 12 : null));
    const { tailRatioDb } = tailStatistics(env, HOP_S, () => true, NOISE);
    expect(Math.abs(tailRatioDb! - expectedRatioDb(0.5))).toBeLessThanOrEqual(0.2);
  });

  it('reads nothing from a clip without speech or with a single offset', () => {
    expect(tailStatistics(burstEnvelope(0.5, 0.4, 5, () => null), HOP_S, () => false, NOISE).tailRatioDb).toBeNull();
    expect(tailStatistics(burstEnvelope(0.5, 0.4, 1, () => null), HOP_S, () => true, NOISE).tailRatioDb).toBeNull();
  });
});
