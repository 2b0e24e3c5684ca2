import { describe, expect, it } from 'vitest';
import { LowBandAccumulator } from '../../../src/analysis/features/lowBand.js';
import { whiteNoise } from '../../helpers/signals.js';

/** A 1 kHz signal (no decimation: the accumulator takes it as it is): a 50 Hz line of amplitude 0.01 over white noise. */
function humOverNoise(seconds: number): Float32Array {
  const x = whiteNoise(0.001, seconds, 1000, 7);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + 0.01 * Math.sin((2 * Math.PI * 50 * i) / 1000);
  return x;
}

function linePower(seconds: number): { power: number; blocks: number } {
  const acc = new LowBandAccumulator(1000);
  const x = humOverNoise(seconds);
  for (let i = 0; i < x.length; i += 4096) acc.push(Float64Array.from(x.subarray(i, i + 4096)));
  const s = acc.finish();
  let power = 0;
  for (let k = Math.round(48 / s.binHz); k <= Math.round(52 / s.binHz); k++) power += s.power[k]!;
  return { power, blocks: s.blocks };
}

describe('LowBandAccumulator', () => {
  it('reads a 50 Hz line of amplitude A as A²/2', () => {
    const { power } = linePower(30);
    expect(10 * Math.log10(power)).toBeCloseTo(10 * Math.log10(0.01 ** 2 / 2), 1);
  });

  it('keeps a bounded, evenly spread subset of blocks on a long input, with the same quantile', () => {
    const long = linePower(1500); // 25 minutes: 5,856 blocks seen
    expect(long.blocks).toBeLessThanOrEqual(2048);
    expect(long.blocks).toBeGreaterThanOrEqual(1024);
    expect(10 * Math.log10(long.power)).toBeCloseTo(10 * Math.log10(linePower(30).power), 1);
  });
});
