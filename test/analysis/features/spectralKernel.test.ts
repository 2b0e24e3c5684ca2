import { describe, expect, it } from 'vitest';
import { createFeatureExtractor, extractFeatures } from '../../../src/analysis/features/extractor.js';
import { RealFft } from '../../../src/analysis/features/fft.js';
import type { FrameFeatures } from '../../../src/analysis/features/types.js';
import { seededRandom, sine } from '../../helpers/signals.js';

/** A tone, noise, a silent stretch and a loud burst: frames in many level buckets. */
function testSignal(rate: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const tone = sine(440, 0.3, 1.3, rate);
  return tone.map((v, i) => {
    const t = i / rate;
    if (t > 0.4 && t < 0.6) return 0;
    return v * (t > 1 ? 3 : 1) + 0.01 * (random() * 2 - 1);
  });
}

/**
 * The spectral features computed the plain way in TypeScript: frame n is centred on n·hop + ⌊hop/2⌋, zeros
 * outside the clip, Hann window, RealFft power, DC and Nyquist halved, band sums, the level bucket from log10.
 */
function reference(x: Float32Array, f: FrameFeatures): { bandPower: Float32Array; frames: Float64Array; power: Float64Array } {
  const { fftSize, hopSize, bandCount, bandEdgesHz, levelSpectrum: ls } = f;
  const binCount = fftSize / 2 + 1;
  const window = Float64Array.from({ length: fftSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / fftSize));
  const scale = 2 / (fftSize * window.reduce((a, w) => a + w * w, 0));
  const band = (k: number): number => {
    let b = 0;
    while (b < bandCount - 1 && k * ls.binHz >= bandEdgesHz[b + 1]!) b++;
    return b;
  };
  const frameCount = Math.ceil(x.length / hopSize);
  const bandPower = new Float32Array(frameCount * bandCount);
  const frames = new Float64Array(ls.bucketCount);
  const power = new Float64Array(ls.bucketCount * binCount);
  const frame = new Float64Array(fftSize);
  const spectrum = new Float64Array(binCount);
  const fft = new RealFft(fftSize);
  for (let n = 0; n < frameCount; n++) {
    const start = n * hopSize + Math.floor(hopSize / 2) - fftSize / 2;
    for (let i = 0; i < fftSize; i++) frame[i] = (x[start + i] ?? 0) * window[i]!;
    fft.powerSpectrum(frame, spectrum);
    spectrum[0] = 0.5 * spectrum[0]!;
    spectrum[binCount - 1] = 0.5 * spectrum[binCount - 1]!;
    const sums = new Float64Array(bandCount);
    for (let k = 0; k < binCount; k++) sums[band(k)] = sums[band(k)]! + spectrum[k]!;
    let total = 0;
    for (let b = 0; b < bandCount; b++) {
      bandPower[n * bandCount + b] = sums[b]! * scale;
      total += sums[b]!;
    }
    const levelDb = 10 * Math.log10(total * scale + 1e-30);
    const bucket = Math.min(ls.bucketCount - 1, Math.max(0, Math.floor((levelDb - ls.bucketFloorDb) / ls.bucketWidthDb)));
    frames[bucket] = frames[bucket]! + 1;
    for (let k = 0; k < binCount; k++) power[bucket * binCount + k] = power[bucket * binCount + k]! + spectrum[k]!;
  }
  for (let i = 0; i < power.length; i++) power[i] = power[i]! * scale;
  return { bandPower, frames, power };
}

describe('the WebAssembly spectral frames', () => {
  it.each([
    [8000, 256],
    [16000, 512],
    [44100, 2048],
  ])('equal the TypeScript computation bit for bit at %i Hz (FFT size %i)', (rate, fftSize) => {
    const x = testSignal(rate, rate);
    const f = extractFeatures([x], rate, 5000);
    expect(f.fftSize).toBe(fftSize);
    const expected = reference(x, f);
    expect(f.bandPower).toEqual(expected.bandPower);
    expect(f.levelSpectrum.frames).toEqual(expected.frames);
    expect(f.levelSpectrum.power).toEqual(expected.power);
    expect(new Set(expected.frames.filter((n) => n > 0)).size).toBeGreaterThan(2);
  });

  it('do not depend on how the samples are chunked, down to chunks shorter than a hop', () => {
    const x = testSignal(16000, 7);
    const whole = extractFeatures([x], 16000, x.length);
    for (const chunk of [37, 1000, 65536]) {
      const f = extractFeatures([x], 16000, chunk);
      expect(f.bandPower).toEqual(whole.bandPower);
      expect(f.levelSpectrum.power).toEqual(whole.levelSpectrum.power);
    }
  });

  it('keep two clips apart when their chunks interleave, at different sample rates', () => {
    const a = testSignal(16000, 1);
    const b = testSignal(44100, 2);
    const alone = [extractFeatures([a], 16000, 3000), extractFeatures([b], 44100, 3000)];
    const ea = createFeatureExtractor(16000, 1);
    const eb = createFeatureExtractor(44100, 1);
    for (let i = 0; i * 3000 < b.length; i++) {
      if (i * 3000 < a.length) ea.push([a.slice(i * 3000, (i + 1) * 3000)]);
      eb.push([b.slice(i * 3000, (i + 1) * 3000)]);
    }
    const [fa, fb] = [ea.finish(), eb.finish()];
    expect(fa.bandPower).toEqual(alone[0]!.bandPower);
    expect(fa.levelSpectrum.power).toEqual(alone[0]!.levelSpectrum.power);
    expect(fb.bandPower).toEqual(alone[1]!.bandPower);
    expect(fb.levelSpectrum.frames).toEqual(alone[1]!.levelSpectrum.frames);
  });

  it('handle a clip shorter than one window', () => {
    const x = sine(1000, 0.5, 0.005, 16000);
    const f = extractFeatures([x], 16000);
    const expected = reference(x, f);
    expect(f.frameCount).toBe(1);
    expect(f.bandPower).toEqual(expected.bandPower);
    expect(f.levelSpectrum.power).toEqual(expected.power);
  });
});
