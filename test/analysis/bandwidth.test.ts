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

  it.each(['sp01', 'sp12'])(
    'reads NOIZEUS %s with street noise at 0 dB SNR, upsampled to 16 kHz by a resampler with 40 dB stop-band rejection, as narrow-band',
    (name) => {
      const clean = readWav(`test/fixtures/noizeus/${name}.wav`).channels[0]!;
      const noisy = readWav(`test/fixtures/noizeus/${name}_street_sn5.wav`).channels[0]!;
      const noiseGain = 10 ** (5 / 20);
      const up = resample(
        clean.map((c, i) => c + noiseGain * (noisy[i]! - c)),
        8000,
        16000,
      );
      // The stop band's leak: white noise over 0–8 kHz whose spectral density is 40 dB under the pass band's
      // (the upsampled signal's power fills 0–4 kHz, half the band).
      let power = 0;
      for (const v of up) power += v * v;
      const leakRms = Math.sqrt((power / up.length / 2) * 10 ** (-40 / 10));
      let seed = 7;
      const leaky = up.map((v) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return v + leakRms * Math.sqrt(3) * (2 * (seed / 2 ** 31) - 1);
      });
      const bw = bandwidthHz(leaky, 16000);
      expect(bw).toBeLessThan(4500);
      expect(bw).toBeGreaterThan(3000);
    },
  );

  it('reads dither-level 8 kHz audio upsampled to 16 kHz as narrow-band', () => {
    const w = readWav('test/fixtures/problem/asterisk_silence_1.wav');
    const bw = bandwidthHz(resample(w.channels[0]!, 8000, 16000), 16000);
    expect(bw).toBeLessThan(4500);
  });
});
