import { describe, expect, it } from 'vitest';
import { measureBandwidth } from '../../src/analysis/bandwidth.js';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { resample } from '../helpers/resample.js';
import { readWav } from '../helpers/wav.js';

function bandwidthHz(x: Float32Array, rateHz: number): number {
  const f = extractFeatures([x], rateHz);
  return measureBandwidth(f, estimateNoise(f)).bandwidthHz;
}

describe('measureBandwidth', () => {
  it('reads 8 kHz telephone speech upsampled to 44.1 kHz as narrow-band (< 4.5 kHz)', () => {
    const w = readWav('test/fixtures/problem/vm-intro.wav');
    expect(w.sampleRateHz).toBe(8000);
    const bw = bandwidthHz(resample(w.channels[0]!, 8000, 44100), 44100);
    expect(bw).toBeLessThan(4500);
    expect(bw).toBeGreaterThan(3000);
  });

  it.each(['1688-142285-0003', '3080-5032-0001', 'cmu_arctic_us_axb_a0004'])('reads 16 kHz clean speech %s as wide-band (> 6 kHz)', (name) => {
    const w = readWav(`test/fixtures/speech/${name}.wav`);
    const bw = bandwidthHz(w.channels[0]!, w.sampleRateHz);
    expect(bw).toBeGreaterThan(6000);
  });

  it('reads 16 kHz speech upsampled to 48 kHz at its old band limit, not at the new Nyquist', () => {
    const w = readWav('test/fixtures/speech/1688-142285-0003.wav');
    const bw = bandwidthHz(resample(w.channels[0]!, 16000, 48000), 48000);
    expect(bw).toBeGreaterThan(6000);
    expect(bw).toBeLessThan(8500);
  });
});
